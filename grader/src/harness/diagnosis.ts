// Why a test failed, as far as the programs behind it can tell: a program that exited on its own
// during the test, a learner app that never became ready, one that stopped answering, a time
// budget that ran out while the test waited for something. The report says so before the test's
// own message ("connection reset" alone hides a crash), and the first such failure of a task
// settles the rest of it: they fail at once instead of each waiting out the same deadline.
import { setTimeout as delay } from 'node:timers/promises';
import { excerpt } from './failure.ts';
import { tellingLine } from './output-buffer.ts';
import { type Component, describeExit } from './process.ts';
import { BUDGET_TIMEOUT, pendingWaits } from './waits.ts';

const OUTPUT_TAIL_BYTES = 4096;

/**
 * How long a failed test's teardown waits for news of a program's exit after a connection to it
 * broke: the exit reaches the harness after the broken connection does (through the program's
 * PID-namespace init and unshare, each a process to wake), and a crash must not pass for a reset.
 */
const EXIT_NEWS_MS = 2000;

export interface OutputRecord {
  name: string;
  text: string;
  truncated: boolean;
  totalBytes: number;
}

/** What one test saw of its programs, from its start to its end. */
export interface TestWatch {
  start: number;
  /** Output the shared programs had printed when the test began: earlier tests' story, not this one's. */
  outputMarks: Map<Component, number>;
  /** The first learner app that failed to start: its name and the failure's message. */
  notReady?: { name: string; message: string };
  /** Requests that got no answer in time, by the port they were sent to. */
  noAnswer: Map<number, string>;
  /** Ports whose connections were refused or reset: the program there may have just died. */
  connectionLost: Set<number>;
  /** Filled by endWatch(), before teardown stops the programs (which ends their waits too). */
  end?: { own: Component[]; shared: Component[]; waiting: string[]; steered: Set<Component> };
}

let current: TestWatch | undefined;

/** Starts watching a test; `shared` are the programs it may use without starting them. */
export function watchTest(shared: readonly Component[]): TestWatch {
  current = { start: Date.now(), outputMarks: new Map(shared.map((c) => [c, c.output.totalBytes])), noAnswer: new Map(), connectionLost: new Set() };
  return current;
}

/** Call as the test ends, before its programs are stopped; `failed`: whether the test failed. */
export async function endWatch(watch: TestWatch, own: Iterable<Component>, shared: readonly Component[], failed: boolean): Promise<void> {
  if (current === watch) current = undefined;
  const all = [...own, ...shared];
  // Teardown signals every program: whether the test itself had, is only known now.
  const steered = new Set(all.filter((c) => c.steeredByTest));
  const waiting = pendingWaits(watch.start);
  const suspects = all.filter((c) => c.running && !steered.has(c) && watch.connectionLost.has(portOf(c) ?? -1));
  if (failed && suspects.length > 0) await Promise.race([Promise.all(suspects.map((c) => c.exited)), delay(EXIT_NEWS_MS)]);
  watch.end = { own: [...own], shared: [...shared], waiting, steered };
}

/** The harness saw a learner app fail to become ready (it exited, or never accepted connections). */
export function noteNotReady(name: string, message: string): void {
  if (current) current.notReady ??= { name, message };
}

/** A connection to 127.0.0.1:`port` was refused or reset. */
export function noteConnectionLost(port: number): void {
  current?.connectionLost.add(port);
}

/** The harness gave up waiting for an answer from 127.0.0.1:`port`. */
export function noteNoAnswer(port: number, label: string): void {
  if (current && !current.noAnswer.has(port)) current.noAnswer.set(port, label);
}

export interface Diagnosis {
  /** Said before the test's own message: what happened to a program during the test. */
  cause?: string;
  /** Set when the rest of the task can only fail the same way: what went wrong, in a few words. */
  settles?: string;
  /** For a test whose time budget ran out: what it was still waiting for. */
  waitingFor?: string[];
  outputs: OutputRecord[];
}

export function diagnose(watch: TestWatch, errorMessage: string): Diagnosis {
  const { own, shared, waiting, steered } = watch.end ?? { own: [], shared: [], waiting: [], steered: new Set<Component>() };
  const timedOut = BUDGET_TIMEOUT.test(errorMessage);
  const diagnosis: Diagnosis = { outputs: outputsOf(watch, own, shared) };
  if (timedOut && waiting.length > 0) diagnosis.waitingFor = waiting;
  // A failed start's own message already says how the program ended.
  if (watch.notReady) {
    diagnosis.settles = `${watch.notReady.name} never became ready (${excerpt(watch.notReady.message, 200)})`;
    return diagnosis;
  }
  // A crash explains everything after it: the first one, among the programs this test used.
  const crashed = [...own, ...shared]
    .filter((c) => c.exitedOnItsOwnAt !== undefined)
    .sort((a, b) => a.exitedOnItsOwnAt! - b.exitedOnItsOwnAt!)[0];
  if (crashed) {
    const during = crashed.exitedOnItsOwnAt! >= watch.start;
    const said = tellingLine(crashed.outputTail(OUTPUT_TAIL_BYTES, during ? watch.outputMarks.get(crashed) : 0).text);
    const when = during ? 'during this test' : 'before this test began';
    diagnosis.cause = `${crashed.name} ${describeExit(crashed.exit!)} ${when}${said ? `; it said: ${excerpt(said, 200)}` : ', without printing anything'}`;
    // A program the whole task shares is gone: every later test would find it gone too.
    if (!own.includes(crashed)) diagnosis.settles = `${crashed.name} ${describeExit(crashed.exit!)}`;
    return diagnosis;
  }
  // Silence from a program the test paused or stopped is what the test asked for.
  const silent = [...own, ...shared].find((c) => !steered.has(c) && watch.noAnswer.has(portOf(c) ?? -1));
  if (silent) {
    diagnosis.settles = `${silent.name} stopped answering (${watch.noAnswer.get(portOf(silent)!)} got no answer in time)`;
  } else if (timedOut) {
    diagnosis.settles = `its time budget ran out${waiting.length > 0 ? ` while it waited for ${waiting[0]}` : ''}`;
  }
  return diagnosis;
}

/** The message of every later test of a task that the failure of `testName` settled. */
export function notRunMessage(testName: string, settles: string): string {
  return `not run: the earlier test "${testName}" of this task found that ${settles}, so this one could only fail the same way; fix that first`;
}

function portOf(component: Component): number | undefined {
  return component.spec.readyPort ?? (Number(component.spec.env.PORT) || undefined);
}

/**
 * The programs' last output: all of it for the test's own programs; for shared ones, only what
 * they printed during this test (what came before belongs to earlier tests' reports).
 */
function outputsOf(watch: TestWatch, own: Component[], shared: Component[]): OutputRecord[] {
  // A test's own programs tell its story; shared ones only when it started none itself.
  if (own.length > 0) return own.map((c) => ({ name: c.name, ...c.outputTail(OUTPUT_TAIL_BYTES) }));
  return shared
    .map((c) => ({ name: c.name, ...c.outputTail(OUTPUT_TAIL_BYTES, watch.outputMarks.get(c)) }))
    // One that printed nothing during this test has nothing to show; one it started is its own.
    .filter((record, i) => record.text !== '' || !watch.outputMarks.has(shared[i]!));
}
