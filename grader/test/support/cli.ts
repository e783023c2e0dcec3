// Runs the grader's command line as a learner would, against the fixture course.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Each test runs whole grader processes; on a loaded machine one can take tens of seconds
 * just to start, so these tests get a budget far above their usual 2-5 s.
 */
export const CLI_TIMEOUT_MS = 180_000;

const binFolder = path.resolve(import.meta.dirname, '../../bin');
export const fixtureCourse = path.resolve(import.meta.dirname, '../fixtures/course');

export function runGrader(args: string[], env: Record<string, string> = {}, bin = 'lab-grade.mjs'): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(binFolder, bin), ...args],
      { env: { ...process.env, LAB_ROOT: fixtureCourse, NO_COLOR: '1', ...env }, timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Replaces what changes from run to run (durations, seeds) so output can be compared. */
export function normalise(text: string): string {
  return text.replace(/\d+(\.\d+)? s\b/g, 'N s').replace(/--seed \d+/g, '--seed N');
}
