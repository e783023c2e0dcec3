// Provided · the switch that owns the public address. On a real LAN a floating IP moves when the
// new owner broadcasts a gratuitous ARP ("this IP is at my MAC now") and every switch and host
// updates its table. Here the table has one row: the public address and the balancer that owns
// it. Each new client connection is spliced to the owner of the moment; when the address moves,
// the connections spliced to the former owner are reset, as a real TCP session dies when its
// packets start arriving at a machine that never heard of it. That reset is what keeps a client
// of a paused (SIGSTOP) former owner from waiting forever.
//
// Unlike ARP, an announcement carries an epoch and the switch refuses one older than the epoch
// it holds, or another owner's in the same epoch: the same fencing as T3, done where a cloud
// provider's API does it when a floating IP is reassigned. A refused announcement is still
// recorded, because on a real network it would have moved the address (see the lesson).
import net from 'node:net';

export interface Announcement {
  owner: string;
  epoch: number;
  at: number;
  accepted: boolean;
}

export type AnnounceResult = { accepted: true; owner: string; epoch: number } | { accepted: false; owner: string | null; epoch: number; reason: string };

/** How many announcements GET /network/state lists (the oldest are dropped). */
const HISTORY = 1000;

export class Switch {
  owner: string | null = null;
  epoch = 0;
  readonly announcements: Announcement[] = [];
  /** The client sockets spliced to each owner, so a move can reset them. */
  private readonly spliced = new Map<string, Set<net.Socket>>();

  constructor(private readonly log: (line: string) => void = console.log) {}

  announce(owner: string, epoch: number, now = Date.now()): AnnounceResult {
    const stale = epoch < this.epoch || (epoch === this.epoch && owner !== this.owner);
    this.record({ owner, epoch, at: now, accepted: !stale });
    if (stale) {
      const reason = `epoch ${epoch} is not newer than epoch ${this.epoch}, in which ${this.owner} owns the address`;
      this.log(`network: refused ${owner} in epoch ${epoch}: ${reason}`);
      return { accepted: false, owner: this.owner, epoch: this.epoch, reason };
    }
    const former = this.owner;
    this.owner = owner;
    this.epoch = epoch;
    if (former !== owner) {
      this.log(`network: the public address moves to ${owner} in epoch ${epoch}` + (former ? ` (was ${former})` : ''));
      if (former) this.resetAll(former);
    }
    return { accepted: true, owner, epoch };
  }

  /** Splices one client connection to the owner of the moment, or resets it when there is none. */
  accept(client: net.Socket): void {
    const owner = this.owner;
    // A client that resets first (or is reset below) must not crash the network.
    client.on('error', () => {});
    if (owner === null) return void client.resetAndDestroy();
    const { hostname, port } = new URL(owner);
    const upstream = net.connect({ host: hostname, port: Number(port) });
    const group = this.spliced.get(owner) ?? new Set<net.Socket>();
    this.spliced.set(owner, group);
    group.add(client);
    client.on('close', () => {
      group.delete(client);
      upstream.destroy();
    });
    // A refused or reset upstream is passed on as a reset, as the owner's machine would do.
    upstream.on('error', () => client.resetAndDestroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private resetAll(owner: string): void {
    const group = this.spliced.get(owner);
    if (!group) return;
    for (const client of group) client.resetAndDestroy();
    this.spliced.delete(owner);
  }

  private record(announcement: Announcement): void {
    this.announcements.push(announcement);
    if (this.announcements.length > HISTORY) this.announcements.shift();
  }
}
