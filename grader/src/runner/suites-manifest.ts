// The published manifest of chapter digests that `--expect-suites` pins: one fingerprint per
// chapter (suite-digest.ts), so the same manifest serves a grade of one chapter or of all.
import { readFileSync } from 'node:fs';
import type { Chapter } from '../course/chapters.ts';
import { SuiteError, UsageError } from '../errors.ts';

export const MANIFEST_SCHEMA = 'scaling-lab/suites-manifest';

/** Chapter name -> digest. */
export type Digests = Record<string, string>;

const DIGEST = /^[0-9a-f]{64}$/;

export function renderManifest(digests: Digests): string {
  return `${JSON.stringify({ schema: MANIFEST_SCHEMA, version: 1, chapters: digests }, null, 2)}\n`;
}

/**
 * Reads a manifest file; the `--json` report of a grade of the published course serves as one
 * too (its chapters carry their suitesDigest).
 */
export function readManifest(file: string): Digests {
  let parsed: { schema?: unknown; chapters?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--expect-suites: cannot read the manifest ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'Give the suites-manifest.json published with the course, or a single chapter digest.');
  }
  const chapters = parsed?.chapters;
  const pairs: [string, unknown][] =
    parsed?.schema === MANIFEST_SCHEMA && typeof chapters === 'object' && chapters !== null && !Array.isArray(chapters)
      ? Object.entries(chapters)
      : Array.isArray(chapters)
        ? chapters.map((c: { id?: unknown; suitesDigest?: unknown }) => [String(c?.id), c?.suitesDigest])
        : [];
  if (pairs.length === 0 || pairs.some(([, digest]) => typeof digest !== 'string' || !DIGEST.test(digest))) {
    throw new UsageError(`--expect-suites: ${file} is not a suites manifest (${MANIFEST_SCHEMA}) nor a grade report with each chapter's suitesDigest`);
  }
  return Object.fromEntries(pairs) as Digests;
}

/** `--expect-suites` as given: a file, or one digest (only when one chapter is graded). */
export function expectedDigests(value: string, chapters: readonly Chapter[]): Digests {
  if (!DIGEST.test(value)) return readManifest(value);
  if (chapters.length !== 1) {
    throw new UsageError('--expect-suites with a single digest pins one chapter, and several are graded', 'Give the manifest of chapter digests (suites-manifest.json) instead.');
  }
  return { [chapters[0]!.name]: value };
}

/** Refuses (exit 2) unless every graded chapter's copy matches its pinned digest. */
export function checkDigests(expected: Digests, actual: Digests): void {
  for (const [chapter, digest] of Object.entries(actual)) {
    if (expected[chapter] === undefined) {
      throw new SuiteError(`the manifest given to --expect-suites pins no digest for ${chapter}`, 'Use the manifest published with this release of the course.');
    }
    if (expected[chapter] !== digest) {
      throw new SuiteError(
        `the hidden suites or the grader differ from the expected version for ${chapter} (edited, or from another release of the course)`,
        'Restore grading/, chapter.json and grader/ from the published course, then grade again.',
      );
    }
  }
}
