// T2 · Failover. The provided loop (monitor.ts) calls round() every PROBE_INTERVAL_MS with the
// current view, and never starts a round before the last one has ended. A round finds the
// leader; when the leader is gone it promotes the successor in a new epoch and tells the other
// nodes to follow it; and in every round it re-points any up node that does not follow the
// leader in the leader's epoch. Talk to nodes only through `control` (node-client.ts).
// Lesson: README.md, section "T2 · Promotion with a line of succession".
import type { NodeControl } from './node-client.ts';
import type { ElectionResult } from './peer-client.ts';
import type { FailoverRecord, NodeView } from './view.ts';

export interface FailoverSettings {
  /** How long the cluster may be without a leader that claims it, before one is promoted. */
  failureTimeoutMs: number;
  /** SYNC_REPLICAS of the cluster: how many followers have each acknowledged write (T5). */
  syncReplicas: number;
}

export class Failover {
  /** The leader found by the last round (null while there is none): GET /monitor/state shows it. */
  leader: string | null = null;
  /** The highest epoch the monitor has seen or handed out: GET /monitor/state shows it. */
  epoch = 0;
  /** Every promotion a node acknowledged, oldest first: GET /monitor/state shows them. */
  readonly failovers: FailoverRecord[] = [];
  /** Why the monitor is not promoting although the leader is gone (T5), or null: GET /monitor/state shows it. */
  blocked: string | null = null;

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
    // TODO(T2): keep `epoch` at the highest epoch seen and `leader` at currentLeader()'s url.
    // TODO(T2): when the leader you knew is suspected (or no up node has claimed leadership for
    // failureTimeoutMs), take `await this.freshView()` (positions read now, not a probe interval
    // ago; a node that did not answer is suspected in it) and promote its chooseSuccessor() in epoch `epoch + 1` (a new one for every
    // attempt; a refused or failed one is tried again next round), record it in `failovers`,
    // then tell every other up node to follow it.
    // TODO(T5): before promoting, ask promotionIsSafe() (safety.ts); when it says no, set
    // `blocked` to its reason and wait for a later round instead of promoting. Keep the reason
    // until you promote or see a current leader again; then set `blocked` back to null.
    // TODO(T6): if the fresh view shows a current leader in an epoch at least yours, another
    // monitor promoted it: do nothing. Before promoting in the new epoch, `await this.elect(epoch,
    // leaderYouLost)`; keep the highest epoch it reports. When it is not won, set `blocked` to its
    // reason and start no election for a random while (up to failureTimeoutMs).
    // TODO(T2): in every round, tell each up node that does not follow the leader in the
    // leader's epoch to follow it.
    void nodes;
    void now;
    void this.control;
    void this.settings;
    void this.freshView;
    void this.elect;
    void this.log;
    throw new Error('TODO(T2): Failover.round() is not written yet');
  }
}
