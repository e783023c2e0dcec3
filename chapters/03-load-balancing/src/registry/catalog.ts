// T6 · The registry's catalog: each instance of a service is listed with a lease that lasts
// `ttlMs` and is renewed by heartbeats. An instance that stops renewing drops out.
// Lesson: README.md, section "T6 · Service discovery".

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
  /** `now` is a parameter so the lease arithmetic can be tested without waiting. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Adds the instance, or replaces it (same id: a restart, perhaps on a new address). */
  register(service: string, id: string, registration: Registration): Instance {
    // TODO(T6): store the instance with expiresAt = now() + ttlMs and return it.
    void [service, id, registration, this.now];
    throw new Error('TODO(T6): Catalog.register() is not written yet');
  }

  /** A heartbeat: extends the lease by another TTL. Undefined when the lease already ran out. */
  renew(service: string, id: string): Instance | undefined {
    // TODO(T6): a live instance gets expiresAt = now() + its ttlMs; an expired one is gone.
    void [service, id];
    throw new Error('TODO(T6): Catalog.renew() is not written yet');
  }

  /** A clean goodbye; false when there was nothing to remove. */
  deregister(service: string, id: string): boolean {
    // TODO(T6): remove the instance at once.
    void [service, id];
    throw new Error('TODO(T6): Catalog.deregister() is not written yet');
  }

  /** The live instances of a service, oldest registration first. */
  list(service: string): Instance[] {
    // TODO(T6): leave out (or drop) every instance whose lease has run out.
    void service;
    throw new Error('TODO(T6): Catalog.list() is not written yet');
  }
}
