// Reference for T6 · The voter. Every monitor, the candidate included, answers vote requests
// here. Two rules make two promotions in one epoch impossible, and one makes a lone monitor's
// opinion not enough:
//   1. one vote per epoch, saved to disk before the answer leaves, so not even a restart can
//      give a second one (any two majorities share a monitor, and that monitor said yes once);
//   2. only for an epoch above every epoch it knows, so a candidate that is behind catches up;
//   3. only if this monitor also sees no leader: the candidate must not be the only one that
//      lost sight of it (a monitor cut off from the leader, with the leader fine).
// Lesson: README.md, section "T6 · Monitors are not the new single point of failure".
import type { VoteAnswer, VoteRequest } from './peer-client.ts';
import { currentLeader } from './succession.ts';
import type { NodeView } from './view.ts';
import type { VoteRecord, VoteStore } from './vote-store.ts';

export class VoteBox {
  /** The last vote given, as saved. */
  private vote: VoteRecord | null;

  constructor(private readonly store: VoteStore) {
    this.vote = store.load();
  }

  /**
   * Answers `request` from what this monitor sees: `nodes` (its view now) and `nodeEpoch`, the
   * highest epoch any node has reported to it.
   */
  answer(request: VoteRequest, nodes: readonly NodeView[], nodeEpoch: number): VoteAnswer {
    const vote = this.vote;
    // The same question again (its answer may have been lost): the same yes.
    if (vote && vote.epoch === request.epoch && vote.candidate === request.candidate) {
      return { granted: true, epoch: vote.epoch, reason: `already voted for ${vote.candidate} in epoch ${vote.epoch}` };
    }
    const known = Math.max(nodeEpoch, vote?.epoch ?? 0);
    if (request.epoch <= known) {
      const why = vote && vote.epoch === known ? `voted for ${vote.candidate} in epoch ${known}` : `a node is already in epoch ${known}`;
      return { granted: false, epoch: known, reason: `epoch ${request.epoch} is not new: ${why}` };
    }
    const leader = currentLeader(nodes);
    if (leader && leader.epoch! >= nodeEpoch) {
      return { granted: false, epoch: known, reason: `${leader.url} is up and leads epoch ${leader.epoch} as far as this monitor can see` };
    }
    // On disk first: a vote that a crash could erase is a vote that can be given twice.
    const record = { epoch: request.epoch, candidate: request.candidate };
    this.store.save(record);
    this.vote = record;
    return { granted: true, epoch: request.epoch, reason: `voted for ${request.candidate} in epoch ${request.epoch}` };
  }
}
