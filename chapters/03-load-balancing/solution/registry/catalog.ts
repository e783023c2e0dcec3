// Reference for T6: the registry's catalog. Each instance of a service is listed with a lease:
// it stays listed only while it keeps renewing within its TTL. A crashed instance cannot say
// goodbye, so the lease running out is what removes it.

export interface Registration {
  url: string;
  weight: number;
  ttlMs: number;
}

export interface Instance extends Registration {
  service: string;
  id: string;
  /** When the lease runs out, in `now()` milliseconds. */
  expiresAt: number;
}

export class Catalog {
  private readonly services = new Map<string, Map<string, Instance>>();

  /** `now` is a parameter so the lease arithmetic can be tested without waiting. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Adds the instance, or replaces it (same id: a restart, perhaps on a new address). */
  register(service: string, id: string, registration: Registration): Instance {
    const instance: Instance = { ...registration, service, id, expiresAt: this.now() + registration.ttlMs };
    let instances = this.services.get(service);
    if (!instances) this.services.set(service, (instances = new Map()));
    instances.set(id, instance);
    return instance;
  }

  /** A heartbeat: extends the lease by another TTL. Undefined when the lease already ran out. */
  renew(service: string, id: string): Instance | undefined {
    const instance = this.live(service, id);
    if (instance) instance.expiresAt = this.now() + instance.ttlMs;
    return instance;
  }

  /** A clean goodbye; false when there was nothing to remove. */
  deregister(service: string, id: string): boolean {
    const found = this.live(service, id) !== undefined;
    this.services.get(service)?.delete(id);
    return found;
  }

  /** The live instances of a service, oldest registration first. Expired ones are dropped here. */
  list(service: string): Instance[] {
    const instances = this.services.get(service);
    if (!instances) return [];
    const now = this.now();
    for (const [id, instance] of instances) if (instance.expiresAt <= now) instances.delete(id);
    if (instances.size === 0) this.services.delete(service);
    return [...instances.values()];
  }

  private live(service: string, id: string): Instance | undefined {
    return this.list(service).find((instance) => instance.id === id);
  }
}
