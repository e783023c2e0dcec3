// Provided · the monitor's loop. It wires the parts you write together: every node is probed on
// its own loop (T1, probe.ts), each result goes to the failure detector (T1, detector.ts), and
// every PROBE_INTERVAL_MS a failover round (T2, failover.ts) reads the resulting view. With PEERS
// (T6) a promotion first needs a majority of the monitors' votes: elections are run by
// election.ts and every vote, this monitor's own included, is answered by votes.ts. It also logs
// one line each time a node is suspected or recovers, for each vote it gives and each failover.
// Lesson: README.md, sections "T1 · A failure detector" and "T2 · Promotion with a line of succession".
import type { MonitorConfig } from './config.ts';
import { FailureDetector } from './detector.ts';
import { elect } from './election.ts';
import { Failover } from './failover.ts';
import type { NodeControl } from './node-client.ts';
import type { ElectionResult, VoteAnswer, VoteReply, VoteRequest } from './peer-client.ts';
import { probe, probeEvery } from './probe.ts';
import type { FailoverRecord, NodeHealth, NodeStatus, NodeView } from './view.ts';
import type { VoteStore } from './vote-store.ts';
import { VoteBox } from './votes.ts';

/** How this monitor reaches the others (peer-client.ts; tests may pass a fake). */
export interface Peers {
  ask(peer: string, request: VoteRequest): Promise<VoteReply>;
}

/** The body of GET /monitor/state. */
export interface MonitorState {
  monitor: string;
  epoch: number;
  leader: string | null;
  nodes: NodeView[];
  failovers: FailoverRecord[];
  /** Why the monitor is not promoting although the leader is gone (T5, T6), or null. */
  blocked: string | null;
  /** The other monitors (T6), and how many votes of all the monitors a promotion needs. */
  peers: string[];
  quorum: number;
}

export class Monitor {
  private readonly detector: FailureDetector;
  private readonly failover: Failover;
  private readonly votes: VoteBox;
  /** This monitor's own origin: the voter that is not asked over HTTP. */
  private readonly self: string;
  /** What each node said in its last successful probe, and why its last probe failed. */
  private readonly health = new Map<string, NodeHealth>();
  private readonly lastError = new Map<string, string>();
  /** The status each node had at the last tick, to log changes. */
  private readonly logged = new Map<string, NodeStatus>();
  private readonly stops: (() => void)[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private roundRunning = false;
  private failoversLogged = 0;
  private lastRoundError = '';

  constructor(
    private readonly config: MonitorConfig,
    control: NodeControl,
    private readonly peers: Peers,
    store: VoteStore,
    private readonly log: (line: string) => void = console.log,
  ) {
    this.self = `http://${config.host}:${config.port}`;
    this.detector = new FailureDetector(config.failureTimeoutMs, Date.now());
    this.votes = new VoteBox(store);
    this.failover = new Failover(
      control,
      { failureTimeoutMs: config.failureTimeoutMs, syncReplicas: config.syncReplicas },
      () => this.freshView(),
      (epoch, formerLeader) => this.runElection(epoch, formerLeader),
      log,
    );
  }

  start(): void {
    const settings = { intervalMs: this.config.probeIntervalMs, timeoutMs: this.config.probeTimeoutMs };
    for (const url of this.config.nodes) {
      this.stops.push(
        probeEvery(url, settings, (result) => {
          this.detector.record(url, result.ok, Date.now());
          if (result.ok) this.health.set(url, result.health);
          else this.lastError.set(url, result.error);
        }),
      );
    }
    this.ticker = setInterval(() => this.tick(), this.config.probeIntervalMs);
  }

  stop(): void {
    clearInterval(this.ticker);
    for (const stop of this.stops) stop();
  }

  /** Every node as the monitor sees it at `now`, in NODES order. */
  view(now = Date.now()): NodeView[] {
    return this.config.nodes.map((url) => {
      const { status, lastSeenMs } = this.detector.verdict(url, now);
      const health = this.health.get(url);
      return { url, status, role: health?.role ?? null, epoch: health?.epoch ?? null, position: health?.position ?? null, leader: health?.leader ?? null, lastSeenMs };
    });
  }

  /**
   * Probes every node now and returns the view, with each node that did not answer THIS probe
   * reported as suspected. A failover decides on it: a position read a probe interval ago may be
   * stale, and a node that cannot answer now cannot be promoted now.
   */
  async freshView(): Promise<NodeView[]> {
    const answered = new Set<string>();
    await Promise.all(
      this.config.nodes.map(async (url) => {
        const result = await probe(url, this.config.probeTimeoutMs);
        this.detector.record(url, result.ok, Date.now());
        if (!result.ok) return;
        this.health.set(url, result.health);
        answered.add(url);
      }),
    );
    return this.view().map((node) => (answered.has(node.url) ? node : { ...node, status: 'suspected' }));
  }

  state(): MonitorState {
    return {
      monitor: this.config.monitorId,
      epoch: this.failover.epoch,
      leader: this.failover.leader,
      nodes: this.view(),
      failovers: [...this.failover.failovers],
      blocked: this.failover.blocked,
      peers: [...this.config.peers],
      quorum: Math.floor((this.config.peers.length + 1) / 2) + 1,
    };
  }

  /** Answers a vote request (POST /monitor/vote, or this monitor's own election). */
  vote(request: VoteRequest): VoteAnswer {
    const nodes = this.view();
    const nodeEpoch = nodes.reduce((highest, node) => Math.max(highest, node.epoch ?? 0), 0);
    const answer = this.votes.answer(request, nodes, nodeEpoch);
    if (answer.granted && request.candidate !== this.config.monitorId) {
      this.log(`monitor: voted for ${request.candidate} in epoch ${request.epoch} (to replace ${request.leader ?? 'no known leader'})`);
    }
    return answer;
  }

  /** Asks every monitor, this one first, for its vote in `epoch` (T6). */
  private async runElection(epoch: number, formerLeader: string | null): Promise<ElectionResult> {
    const request: VoteRequest = { epoch, candidate: this.config.monitorId, leader: formerLeader };
    const voters = [this.self, ...this.config.peers];
    const result = await elect(voters, request, async (voter, asked): Promise<VoteReply> => {
      if (voter !== this.self) return this.peers.ask(voter, asked);
      try {
        return { outcome: 'answered', answer: this.vote(asked) };
      } catch (error) {
        // Only a failed save lands here (a full disk): then this monitor has not voted.
        return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    });
    if (result.won && this.config.peers.length > 0) this.log(`monitor: won the election of epoch ${epoch}: ${result.reason}`);
    return result;
  }

  private tick(): void {
    const now = Date.now();
    const nodes = this.view(now);
    for (const node of nodes) this.logChange(node);
    // One round at a time: a round that waits on a slow node delays the next, never doubles it.
    if (this.roundRunning) return;
    this.roundRunning = true;
    this.failover
      .round(nodes, now)
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.lastRoundError) this.log(`monitor: failover round failed: ${message}`);
        this.lastRoundError = message;
      })
      .finally(() => {
        this.roundRunning = false;
        this.logFailovers();
      });
  }

  private logChange(node: NodeView): void {
    const before = this.logged.get(node.url) ?? 'up';
    this.logged.set(node.url, node.status);
    if (before === node.status) return;
    if (node.status === 'suspected') {
      const silent = node.lastSeenMs === null ? 'never answered a probe' : `no successful probe for ${node.lastSeenMs} ms`;
      const why = this.lastError.get(node.url);
      this.log(`monitor: ${node.url} is suspected: ${silent}${why ? ` (last probe: ${why})` : ''}`);
    } else {
      this.log(`monitor: ${node.url} is up again: ${node.role ?? 'unknown role'} in epoch ${node.epoch ?? '?'} at position ${node.position ?? '?'}`);
    }
  }

  private logFailovers(): void {
    const records = this.failover.failovers;
    for (; this.failoversLogged < records.length; this.failoversLogged++) {
      const { epoch, from, to } = records[this.failoversLogged]!;
      this.log(`monitor: failover: ${to} promoted in epoch ${epoch}, replacing ${from ?? 'no known leader'}`);
    }
  }
}
