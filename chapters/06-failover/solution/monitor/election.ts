// Reference for T6 · The candidate's side: ask every monitor (this one too) for its vote in an
// epoch, and win only with a majority of ALL the monitors, answering or not. Counting only the
// ones that answered would let a monitor cut off from the others win alone: exactly the split
// brain a quorum is there to prevent.
// Lesson: README.md, section "T6 · Monitors are not the new single point of failure".
import type { AskVote, ElectionResult, VoteRequest } from './peer-client.ts';

/** Runs the election of `request.epoch` among `voters` (every monitor, this one included). */
export function elect(voters: readonly string[], request: VoteRequest, ask: AskVote): Promise<ElectionResult> {
  const needed = Math.floor(voters.length / 2) + 1;
  let granted = 0;
  let pending = voters.length;
  let epoch = request.epoch;
  const refusals: string[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (won: boolean): void => {
      if (settled) return;
      settled = true;
      const tally = `${granted} of ${voters.length} votes in epoch ${request.epoch}, ${needed} needed`;
      resolve({ won, granted, needed, epoch, reason: won ? tally : `${tally}: ${refusals.join('; ') || 'no answers'}` });
    };
    for (const voter of voters) {
      void ask(voter, request).then((reply) => {
        pending--;
        if (reply.outcome === 'failed') refusals.push(`${voter} did not answer (${reply.error})`);
        else {
          epoch = Math.max(epoch, reply.answer.epoch);
          if (reply.answer.granted) granted++;
          else refusals.push(`${voter} said no (${reply.answer.reason})`);
        }
        // A majority is enough: a paused peer must not hold a won election up until its timeout.
        if (granted >= needed) finish(true);
        else if (granted + pending < needed) finish(false);
      });
    }
  });
}
