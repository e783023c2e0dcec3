// What the grading run has learnt about each of the learner's programs (by entry point), shared
// by the test files of the run through its scratch folder. It lets a program that is plainly
// hung cost one full deadline per run rather than one per task: once a program has let a
// request go unanswered for the whole timeout and has never answered anything, later requests
// to it get a short patience; once it has never become ready in time and never been ready,
// later starts wait less. A program that has answered once, or been ready once, is always given
// the full time, so a working program is never judged by these shortcuts.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runContext } from './context.ts';
import { formatSeconds } from './poll.ts';

/**
 * How long a program known to be hung gets, where it would get the full timeout. Only a program
 * that has never answered (or never been ready) in this run, after a full deadline in vain, is
 * known hung, and a working program answers a request in milliseconds: one second is still
 * generous, and it is what keeps a hung program's whole grade within 3x the reference's time.
 */
export const KNOWN_HUNG_PATIENCE_MS = 1000;

type Fact = 'answered' | 'silent' | 'ready' | 'never-ready';

/** Facts this worker has written or seen: files are only written once and never removed. */
const known = new Set<string>();

function factFile(entry: string, fact: Fact): string {
  return path.join(runContext().runDir, 'programs', `${entry}.${fact}`);
}

function note(entry: string, fact: Fact): void {
  const key = `${entry}.${fact}`;
  if (known.has(key)) return;
  known.add(key);
  const file = factFile(entry, fact);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
}

function has(entry: string, fact: Fact): boolean {
  const key = `${entry}.${fact}`;
  if (known.has(key)) return true;
  if (!existsSync(factFile(entry, fact))) return false;
  known.add(key);
  return true;
}

/** The entry point of the learner app listening on each port this worker started one on. */
const learnerPorts = new Map<number, string>();

export function registerLearnerPort(port: number, entry: string): void {
  learnerPorts.set(port, entry);
}

/** A response came from 127.0.0.1:`port`. */
export function noteAnswer(port: number): void {
  const entry = learnerPorts.get(port);
  if (entry !== undefined) note(entry, 'answered');
}

/** A request to 127.0.0.1:`port` got no answer within its full timeout. */
export function noteSilence(port: number): void {
  const entry = learnerPorts.get(port);
  if (entry !== undefined && !has(entry, 'answered')) note(entry, 'silent');
}

/**
 * The patience for a request to 127.0.0.1:`port`, with the words that explain it, when the
 * program there is known to be hung; undefined when it gets its full timeout.
 */
export function hungPatience(port: number): { ms: number; why: string } | undefined {
  const entry = learnerPorts.get(port);
  if (entry === undefined || has(entry, 'answered') || !has(entry, 'silent')) return undefined;
  return {
    ms: KNOWN_HUNG_PATIENCE_MS,
    why: `the grader waited only ${formatSeconds(KNOWN_HUNG_PATIENCE_MS)}: this program has not answered a single request in this run, and an earlier test waited its full timeout in vain`,
  };
}

export function noteReady(entry: string, ready: boolean): void {
  note(entry, ready ? 'ready' : 'never-ready');
}

/** The time to wait for a start: shorter for a program that has never been ready in this run and once timed out. */
export function readyPatience(entry: string, timeoutMs: number): number {
  return !has(entry, 'ready') && has(entry, 'never-ready') ? Math.min(timeoutMs, KNOWN_HUNG_PATIENCE_MS) : timeoutMs;
}
