// T6 · The voter. Every monitor, the candidate included, answers vote requests here (the provided
// server routes POST /monitor/vote to answer(); a candidate asks itself through it too). Your
// rules must make two promotions in one epoch impossible, and one monitor's opinion not enough.
// Until you write this, every request is granted: fine for one monitor alone, not for three.
// Lesson: README.md, section "T6 · Monitors are not the new single point of failure".
import type { VoteAnswer, VoteRequest } from './peer-client.ts';
import type { NodeView } from './view.ts';
import type { VoteRecord, VoteStore } from './vote-store.ts';

export class VoteBox {
  constructor(private readonly store: VoteStore) {
    // TODO(T6): load the saved vote (store.load()): a restarted monitor must remember it.
  }

  /**
   * Answers `request` from what this monitor sees: `nodes` (its view now) and `nodeEpoch`, the
   * highest epoch any node has reported to it.
   */
  answer(request: VoteRequest, nodes: readonly NodeView[], nodeEpoch: number): VoteAnswer {
    // TODO(T6): the same candidate asking again for the epoch you voted it: grant again.
    // TODO(T6): refuse an epoch that is not above both nodeEpoch and your last vote's epoch,
    // answering with the highest one you know.
    // TODO(T6): refuse while you see a current leader yourself (currentLeader(), with an epoch
    // of at least nodeEpoch): the candidate may be the only one that lost sight of it.
    // TODO(T6): otherwise save the vote with store.save() BEFORE you answer yes.
    void nodes;
    void nodeEpoch;
    const record: VoteRecord = { epoch: request.epoch, candidate: request.candidate };
    void record;
    void this.store;
    return { granted: true, epoch: request.epoch, reason: 'TODO(T6): every vote is granted for now' };
  }
}
