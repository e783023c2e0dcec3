// Reference for T7 · A floating address: one of two keepers, each beside a balancer, that
// between them keep the public address on a live balancer. VRRP (keepalived) in miniature: the
// master sends an advert every interval; a backup that hears none for about three intervals
// takes the address in a new epoch. The provided loop (main.ts) calls tick() every
// ADVERT_INTERVAL_MS, never starting one before the last has ended; adverts from the other keeper
// arrive in onAdvert(). With PREEMPT_DELAY_MS (T8, active-active), this keeper's balancer is the
// address's preferred owner, and a backup takes it back a while after it comes back.
import type { Advert, AdvertAnswer, AnnounceAnswer, KeeperRole } from './peer-client.ts';

export interface KeeperSettings {
  keeperId: string;
  advertIntervalMs: number;
  /** PREEMPT_DELAY_MS (T8): this keeper's balancer is the preferred owner; null: never preempt (T7). */
  preemptDelayMs: number | null;
}

/** How a keeper reaches the world (HttpKeeperLinks in peer-client.ts; fakes in tests). */
export interface KeeperLinks {
  advertise(advert: Omit<Advert, 'balancer'>): Promise<AdvertAnswer | null>;
  announce(epoch: number): Promise<AnnounceAnswer | null>;
}

export class Keeper {
  role: KeeperRole = 'backup';
  /** The highest epoch this keeper has seen or started. */
  epoch = 0;
  /** When the last advert from a master was accepted (or the wait began). */
  private heardAt: number;
  /** How long a backup waits without an advert: three intervals and a random skew. */
  private masterDownMs: number;
  /** When this keeper last became a backup (start-up included): preemption waits from here. */
  private backupSince: number;

  constructor(
    private readonly settings: KeeperSettings,
    private readonly links: KeeperLinks,
    private readonly log: (line: string) => void = console.log,
    private readonly random: () => number = Math.random,
    now: number = Date.now(),
  ) {
    // Start as a backup and listen first: a keeper that comes back must not take the address
    // from a master that is doing its job (no preemption, so no flapping).
    this.heardAt = now;
    this.backupSince = now;
    this.masterDownMs = this.waitWithSkew();
  }

  async tick(now: number = Date.now()): Promise<void> {
    if (this.role === 'backup') {
      if (now - this.heardAt >= this.masterDownMs) return this.takeOver(now);
      if (this.shouldPreempt(now)) {
        this.log(`${this.settings.keeperId}: back for ${now - this.backupSince} ms as the preferred owner: taking the address back`);
        return this.takeOver(now);
      }
      return;
    }
    const answer = await this.links.advertise({ epoch: this.epoch });
    // A peer in a newer epoch took the address while this keeper was away (paused, cut off).
    if (answer && answer.epoch > this.epoch) this.stepDown(answer.epoch, `the other keeper is in epoch ${answer.epoch}`, now);
  }

  onAdvert(advert: Advert, now: number = Date.now()): AdvertAnswer {
    // The same epoch from a master is news only to a backup: two masters cannot share an epoch,
    // because the network accepts one owner per epoch.
    if (advert.epoch > this.epoch || (advert.epoch === this.epoch && this.role === 'backup')) {
      if (this.role === 'master') {
        this.log(`${this.settings.keeperId}: ${advert.balancer} is master in epoch ${advert.epoch}; stepping down`);
        this.backupSince = now;
      }
      this.role = 'backup';
      this.epoch = advert.epoch;
      this.heardAt = now;
      this.masterDownMs = this.waitWithSkew();
      return { accepted: true, role: this.role, epoch: this.epoch };
    }
    return { accepted: false, role: this.role, epoch: this.epoch };
  }

  /**
   * T8: the preferred owner takes its address back, but only once it has been back for
   * preemptDelayMs (a machine that crashes again at once does not drag the address along) and
   * while the master is alive (a dead one is masterDown's business). One move, not a flap: the
   * other keeper has no preemptDelayMs, so it never takes the address back in turn.
   */
  private shouldPreempt(now: number): boolean {
    const delay = this.settings.preemptDelayMs;
    return delay !== null && now - this.backupSince >= delay && now - this.heardAt < this.masterDownMs;
  }

  /** No advert for masterDownMs (or T8's preemption): announce the address in a new epoch, and lead if the network agrees. */
  private async takeOver(now: number): Promise<void> {
    // One more than any epoch seen, so the network prefers it to the silent master's.
    const epoch = this.epoch + 1;
    const answer = await this.links.announce(epoch);
    if (answer === null) {
      // The network did not answer: try again next tick (the same epoch; if the first attempt
      // did arrive, the network accepts the repeat, since the owner is the same).
      this.log(`${this.settings.keeperId}: the network did not answer the announcement in epoch ${epoch}`);
      return;
    }
    if (!answer.accepted) return this.stepDown(answer.epoch, `the network has ${answer.owner} in epoch ${answer.epoch}`, now);
    this.role = 'master';
    this.epoch = epoch;
    this.log(`${this.settings.keeperId}: took the address in epoch ${epoch}`);
    // Tell the other keeper at once rather than a whole interval later.
    await this.tick(now);
  }

  private stepDown(epoch: number, why: string, now: number): void {
    if (this.role === 'master') this.log(`${this.settings.keeperId}: stepping down: ${why}`);
    // Every wait starts again, preemption's included: a refused attempt is not retried at once.
    this.backupSince = now;
    this.role = 'backup';
    this.epoch = Math.max(this.epoch, epoch);
    this.heardAt = now;
    // A new skew for each wait, so two backups that collided once do not collide again.
    this.masterDownMs = this.waitWithSkew();
  }

  private waitWithSkew(): number {
    return 3 * this.settings.advertIntervalMs + Math.floor(this.random() * this.settings.advertIntervalMs);
  }
}
