// T4 · Which node leads, as far as the router can tell. The provided watcher (watcher.ts) calls
// record() with every probe of every node; the request path (handler.ts) asks current() before
// each request and tells learnEpoch() the epochs it sees in the nodes' answers.
// Until you write this file the router knows no leader, and answers every request with 503.
// Lesson: README.md, section "T4 · The entry point follows the leader".
import type { NodeHealth } from './probe.ts';

export interface Leader {
  url: string;
  epoch: number;
}

export class LeaderTracker {
  /** `nodes` in NODES order, which decides between two nodes claiming the same epoch. */
  constructor(private readonly nodes: readonly string[]) {}

  /** Records the latest probe of `url`: its health, or undefined when that probe failed. */
  record(url: string, health: NodeHealth | undefined): void {
    // TODO(T4): keep the latest result of each node (a failed probe replaces what the node said
    // before), and the highest epoch seen so far.
    void url;
    void health;
  }

  /** An epoch seen elsewhere (an answer's X-Chirp-Epoch, a 409's body). True when it is newer than any seen so far. */
  learnEpoch(epoch: number): boolean {
    // TODO(T4): remember it if it is the highest epoch seen so far, and say whether it was.
    void epoch;
    return false;
  }

  /** The leader to send requests to, or undefined when none is known. */
  current(): Leader | undefined {
    // TODO(T4): the node whose latest probe says role "leader" with the highest epoch, and only
    // if that epoch is at least the highest epoch ever seen (from probes or answers).
    void this.nodes;
    return undefined;
  }
}
