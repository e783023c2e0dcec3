// Provided: how an app instance keeps itself in the registry. It registers with a TTL, renews
// the lease with a heartbeat a few times per TTL, registers again if the registry forgot it
// (a registry restart, a lease that ran out during a long pause), and deregisters on the way out.
export interface Registration {
  registryUrl: string;
  service: string;
  id: string;
  /** The address the balancer should use to reach this instance. */
  url: string;
  ttlMs: number;
}

export function keepRegistered(registration: Registration, log: (line: string) => void = console.log): { deregister(): Promise<void> } {
  const { registryUrl, service, id, url, ttlMs } = registration;
  const instanceUrl = `${registryUrl}/services/${service}/instances/${id}`;
  // Three heartbeats per TTL: one lost or late heartbeat does not end the lease.
  const every = Math.max(50, Math.floor(ttlMs / 3));
  let registered = false;

  const register = async () => {
    const res = await fetch(instanceUrl, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, ttlMs }), signal: AbortSignal.timeout(every) });
    if (!res.ok) throw new Error(`registering answered ${res.status}`);
    if (!registered) log(`app: registered as ${service}/${id} (${url}, TTL ${ttlMs} ms)`);
    registered = true;
  };
  const beat = async () => {
    try {
      if (!registered) return await register();
      const res = await fetch(`${instanceUrl}/heartbeat`, { method: 'POST', signal: AbortSignal.timeout(every) });
      if (res.status === 404) {
        registered = false;
        await register();
      }
    } catch (error) {
      log(`app: heartbeat to ${registryUrl} failed: ${(error as Error).message}`);
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), every);
  timer.unref();
  return {
    async deregister() {
      clearInterval(timer);
      await fetch(instanceUrl, { method: 'DELETE', signal: AbortSignal.timeout(1000) }).catch(() => {});
    },
  };
}
