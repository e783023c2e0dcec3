// The grade report: what the human renderer, --json and --junit all print from. Versioned, so
// classroom tooling that parses --json can tell when the shape changes.
import type { OutputRecord } from '../harness/lifecycle.ts';
import type { ContainmentReport } from '../harness/containment.ts';

export const REPORT_SCHEMA = 'scaling-lab/grade-report';
// 2: each chapter carries its own suitesDigest; the one digest of the whole selection is gone.
export const REPORT_VERSION = 2;

export interface Points {
  earned: number;
  possible: number;
}

export interface TestReport {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  message?: string;
  /** Only for unexpected errors (a bug in a suite): kept for whoever fixes it. */
  stack?: string;
  /** Tails of the output of the programs this test ran, when it failed. */
  outputs?: OutputRecord[];
}

export interface TaskReport {
  id: string;
  title: string;
  status: 'passed' | 'failed';
  stretch: boolean;
  points: Points;
  hint: string;
  /** Where the concept is taught: the chapter's README.md and the heading anchor. */
  lesson: string;
  /** Earlier tasks this task's checks run on (chapter.json `needs`). */
  needs: string[];
  /** How many of the task's checks (tests) pass: a failed task shows how close it is. */
  checks: { passed: number; total: number };
  tests: TestReport[];
}

export interface ChapterReport {
  id: string;
  title: string;
  /** What was graded: "learner", "solution" or "mutant <name>". */
  code: string;
  /** The hidden suite (graded) or the visible starter tests (`check`, no points). */
  suite: 'grading' | 'visible';
  /** Fingerprint of this chapter's hidden suite, its chapter.json and the grader, as graded (suite-digest.ts). */
  suitesDigest?: string;
  status: 'passed' | 'failed';
  points: Points;
  durationMs: number;
  tasks: TaskReport[];
}

export interface GradeReport {
  schema: typeof REPORT_SCHEMA;
  version: typeof REPORT_VERSION;
  status: 'pass' | 'fail' | 'error';
  /** Replays the same random inputs with --seed. */
  seed: number;
  startedAt: string;
  durationMs: number;
  points: Points;
  chapters: ChapterReport[];
  /** How the learner's programs were kept from outliving the run and capped in memory. */
  containment?: ContainmentReport;
  /** Why the grader could not run, when status is "error". */
  error?: string;
}

export function sumPoints(items: { points: Points }[]): Points {
  return items.reduce((sum, item) => ({ earned: sum.earned + item.points.earned, possible: sum.possible + item.points.possible }), { earned: 0, possible: 0 });
}
