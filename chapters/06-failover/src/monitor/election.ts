// T6 · The candidate's side of an election: before a promotion, ask every monitor (this one too)
// for its vote in the new epoch, and go ahead only with a majority of ALL the monitors.
// Until you write this, every election is won without asking: fine for one monitor alone.
// Lesson: README.md, section "T6 · Monitors are not the new single point of failure".
import type { AskVote, ElectionResult, VoteRequest } from './peer-client.ts';

/** Runs the election of `request.epoch` among `voters` (every monitor, this one included). */
export async function elect(voters: readonly string[], request: VoteRequest, ask: AskVote): Promise<ElectionResult> {
  // TODO(T6): ask every voter at once with ask(); count the granted votes; win with more than
  // half of voters.length, whether or not they all answered. Keep the highest epoch any answer
  // reports, and say in `reason` who refused or did not answer.
  void ask;
  return { won: true, granted: voters.length, needed: 1, epoch: request.epoch, reason: 'TODO(T6): won without asking anyone' };
}
