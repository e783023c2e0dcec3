// Reference for T2 · Failover: each round reads the view, finds the leader, and when it is gone
// promotes the successor in a new epoch and re-points every other node to it. The provided loop
// (monitor.ts) calls round() every PROBE_INTERVAL_MS and never starts one before the last has
// ended, so there is one failover at a time.
import { describeResult, type NodeControl } from './node-client.ts';
import type { ElectionResult } from './peer-client.ts';
import { promotionIsSafe } from './safety.ts';
import { chooseSuccessor, currentLeader } from './succession.ts';
import type { FailoverRecord, NodeView } from './view.ts';

export interface FailoverSettings {
  /** How long the cluster may be without a leader that claims it, before one is promoted. */
  failureTimeoutMs: number;
  /** SYNC_REPLICAS of the cluster: how many followers have each acknowledged write (T5). */
  syncReplicas: number;
}

export class Failover {
  /** The leader found by the last round (null while there is none), for GET /monitor/state. */
  leader: string | null = null;
  /** The highest epoch the monitor has seen or handed out. */
  epoch = 0;
  /** Every promotion acknowledged by a node, oldest first. */
  readonly failovers: FailoverRecord[] = [];
  /** Why the monitor is not promoting although the leader is gone (T5, T6), or null. */
  blocked: string | null = null;

  /** The last leader the monitor knew: there is nothing to fail over from before one is seen. */
  private known: string | null = null;
  /** Since when no up node has been a current leader (null while one is). */
  private leaderlessSince: number | null = null;
  /** Acknowledged follow commands, so a node is not told again before its probe shows it. */
  private readonly told = new Map<string, { leader: string; epoch: number; at: number }>();
  /** The last problem per node (or with promoting), so one that lasts is logged once. */
  private readonly complaints = new Map<string, string>();
  /** After a lost election, no new one before this (Date.now()): see promote(). */
  private quietUntil = 0;

  constructor(
    private readonly control: NodeControl,
    private readonly settings: FailoverSettings,
    /** Probes every node now; a node that does not answer is reported suspected (monitor.ts). */
    private readonly freshView: () => Promise<readonly NodeView[]>,
    /** Asks every monitor for its vote in `epoch` (T6, monitor.ts wires election.ts to the peers). */
    private readonly elect: (epoch: number, formerLeader: string | null) => Promise<ElectionResult>,
    private readonly log: (line: string) => void = console.log,
  ) {}

  async round(nodes: readonly NodeView[], now: number = Date.now()): Promise<void> {
    for (const node of nodes) if (node.epoch !== null) this.epoch = Math.max(this.epoch, node.epoch);
    const leader = currentLeader(nodes);
    // A leader below an epoch already seen is a former leader that has not heard the news (back
    // from a pause, restarted): the cluster has moved on, so it is not the leader to follow.
    if (leader && leader.epoch! >= this.epoch) {
      this.leader = this.known = leader.url;
      this.leaderlessSince = null;
      this.blocked = null;
      await this.repoint(nodes, leader.url, leader.epoch!, now);
      return;
    }
    this.leader = null;
    if (this.known === null) return;
    this.leaderlessSince ??= now;
    // A suspected leader has already been silent for FAILURE_TIMEOUT_MS: act now. An up leader
    // that stopped claiming leadership (it stepped down) gets the same grace before we act.
    const suspected = nodes.find((node) => node.url === this.known)?.status !== 'up';
    if (!suspected && now - this.leaderlessSince < this.settings.failureTimeoutMs) return;
    await this.promote(nodes);
  }

  private async promote(stale: readonly NodeView[]): Promise<void> {
    if (Date.now() < this.quietUntil) return;
    // Decide on positions read now, not up to a probe interval ago: a follower paused or cut
    // off a moment ago still looks up, with the position it had before the leader's last writes.
    const nodes = await this.freshView();
    if (nodes.find((node) => node.url === this.known)?.status === 'up' && stale.find((node) => node.url === this.known)?.status !== 'up') {
      return this.complain('promote', 'back', `${this.known} answered again: not promoting`);
    }
    // Another monitor may have promoted someone since the round began (T6): follow, not compete.
    const current = currentLeader(nodes);
    if (current && current.epoch! >= this.epoch) return;
    // T5: promote only if the followers in sight must include one with every acknowledged write.
    const safety = promotionIsSafe(nodes, this.known, this.settings.syncReplicas);
    if (!safety.safe) {
      this.blocked = safety.reason;
      return this.complain('promote', 'unsafe', `not promoting in place of ${this.known}: ${safety.reason}`);
    }
    // `blocked` keeps its last reason until a promotion or a leader clears it: read in the middle
    // of an election, /monitor/state still says why nothing has happened yet.
    const successor = chooseSuccessor(nodes);
    if (!successor) return this.complain('promote', 'none', `no up follower to promote in place of ${this.known}`);
    // A new epoch for every attempt, spent even if the attempt fails: a node that took the
    // promotion but whose answer was lost must never share its epoch with the next attempt's.
    const epoch = ++this.epoch;
    // T6: a majority of the monitors must agree, and each votes once per epoch, so no other
    // monitor can promote anyone in this epoch. Alone (no PEERS), this monitor is the majority.
    const election = await this.elect(epoch, this.known);
    this.epoch = Math.max(this.epoch, election.epoch);
    if (!election.won) {
      this.blocked = `no majority of the monitors: ${election.reason}`;
      // Wait a random while before the next try: two candidates that split the votes would
      // otherwise ask again together, round after round (Raft's randomised election timeout).
      this.quietUntil = Date.now() + Math.random() * this.settings.failureTimeoutMs;
      return this.complain('promote', 'lost', `not promoting ${successor.url}: ${this.blocked}`);
    }
    const result = await this.control.promote(successor.url, epoch);
    if (result.outcome !== 'ok') {
      if (result.outcome === 'refused' && result.epoch !== null) this.epoch = Math.max(this.epoch, result.epoch);
      return this.complain('promote', `${successor.url} ${result.outcome}`, `promoting ${successor.url} in epoch ${epoch} ${describeResult(result)}; trying again next round`);
    }
    this.complaints.clear();
    this.blocked = null;
    this.failovers.push({ epoch, from: this.known, to: successor.url, at: Date.now() });
    this.known = successor.url;
    // Its probes will show it as the leader soon; until then, rounds wait for it (it is up and
    // its grace starts now), they do not promote again.
    this.leaderlessSince = null;
    await this.repoint(nodes, successor.url, epoch, Date.now());
  }

  /** Tells every up node that does not follow `leader` in `epoch` to do so. */
  private async repoint(nodes: readonly NodeView[], leader: string, epoch: number, now: number): Promise<void> {
    const strays = nodes.filter(
      (node) => node.url !== leader && node.status === 'up' && node.role !== null && !(node.role === 'follower' && node.leader === leader && node.epoch === epoch),
    );
    await Promise.all(
      strays.map(async (node) => {
        const told = this.told.get(node.url);
        if (told && told.leader === leader && told.epoch === epoch && now - told.at < this.settings.failureTimeoutMs) return;
        const result = await this.control.follow(node.url, leader, epoch);
        if (result.outcome === 'ok') {
          this.told.set(node.url, { leader, epoch, at: now });
          this.complaints.delete(node.url);
          this.log(`monitor: told ${node.url} to follow ${leader} in epoch ${epoch}`);
          return;
        }
        if (result.outcome === 'refused' && result.epoch !== null) this.epoch = Math.max(this.epoch, result.epoch);
        this.complain(node.url, `${leader} ${epoch} ${result.outcome}`, `telling ${node.url} to follow ${leader} in epoch ${epoch} ${describeResult(result)}`);
      }),
    );
  }

  /** Logs a problem once, not once per round while the same problem (`kind`) lasts. */
  private complain(key: string, kind: string, line: string): void {
    if (this.complaints.get(key) === kind) return;
    this.complaints.set(key, kind);
    this.log(`monitor: ${line}`);
  }
}
