// T7 · A floating address: one of two keepers, each beside a balancer, that between them keep
// the public address on a live balancer. The provided loop (main.ts) calls tick() every
// ADVERT_INTERVAL_MS and never starts one before the last has ended; adverts from the other
// keeper arrive in onAdvert(). GET /keeper/state shows `role` and `epoch`.
// Lesson: README.md, sections "T7 · A floating address" and "T8 · Active-active".
import type { Advert, AdvertAnswer, AnnounceAnswer, KeeperRole } from './peer-client.ts';

export interface KeeperSettings {
  keeperId: string;
  advertIntervalMs: number;
  /** PREEMPT_DELAY_MS (T8): this keeper's balancer is the preferred owner; null: never preempt (T7). */
  preemptDelayMs: number | null;
}

/** How a keeper reaches the world (HttpKeeperLinks in peer-client.ts; fakes in tests). */
export interface KeeperLinks {
  /** POST PEER/keeper/advert (your BALANCER is added); null when the peer did not answer in time. */
  advertise(advert: Omit<Advert, 'balancer'>): Promise<AdvertAnswer | null>;
  /** POST NETWORK/network/announce with your BALANCER as owner; null when the network did not answer. */
  announce(epoch: number): Promise<AnnounceAnswer | null>;
}

export class Keeper {
  role: KeeperRole = 'backup';
  /** The highest epoch this keeper has seen or started. */
  epoch = 0;

  constructor(
    private readonly settings: KeeperSettings,
    private readonly links: KeeperLinks,
    private readonly log: (line: string) => void = console.log,
    private readonly random: () => number = Math.random,
    now: number = Date.now(),
  ) {
    // TODO(T7): start as a backup that has just heard an advert (at `now`): a keeper that comes
    // back listens first and never takes the address from a master that is doing its job.
    void now;
  }

  async tick(now: number = Date.now()): Promise<void> {
    // TODO(T7): a backup that has accepted no advert for 3 * advertIntervalMs plus a random skew
    // below one interval (a new skew for every wait) takes over: announce the address in epoch
    // `epoch + 1`. Accepted: become master and advertise at once. Refused: adopt the network's
    // epoch and wait again as a backup. No answer: try again next tick.
    // TODO(T7): a master sends an advert {epoch} every tick; an answer in a newer epoch means
    // the other keeper has taken the address: step down to backup and adopt that epoch.
    // TODO(T8): with preemptDelayMs set, a backup that has been a backup for preemptDelayMs, and
    // has accepted an advert within the last masterDown wait (the master is alive), takes the
    // address back the same way: announce epoch + 1. Without it, never.
    void now;
    void this.settings;
    void this.links;
    void this.log;
    void this.random;
  }

  onAdvert(advert: Advert, now: number = Date.now()): AdvertAnswer {
    // TODO(T7): accept an advert in a newer epoch, or in your own epoch while you are a backup:
    // become (or stay) backup, adopt its epoch and restart your wait from `now`. Refuse any other
    // (an older epoch, or your own while you are master) and change nothing.
    void advert;
    void now;
    return { accepted: false, role: this.role, epoch: this.epoch };
  }
}
