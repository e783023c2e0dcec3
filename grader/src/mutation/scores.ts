// The numbers of a chapter's mutation report in a form other tools can read: the report
// (mutation.md) carries them as one JSON comment under its title, invisible where the Markdown is
// rendered. The book builds its table of every chapter's scores from it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface MutationScores {
  total: number;
  killed: number;
  timedOut: number;
  /** Survived or not covered. */
  survived: number;
  /** Of the survivors, those the review explained (equivalent or not graded, with a reason). */
  reviewed: number;
  /** Killed and timed out, of all that ran; null without mutants. */
  score: number | null;
  /** The same with the reviewed survivors left out. */
  nonEquivalentScore: number | null;
  /** When the full run finished (ISO 8601). */
  finishedAt: string;
}

const MARKER = 'mutation-scores:';
const COMMENT = /^<!-- mutation-scores: (\{.*\}) -->$/m;

export function scoresComment(scores: MutationScores): string {
  return `<!-- ${MARKER} ${JSON.stringify(scores)} -->`;
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isScore = (value: unknown): value is number | null => value === null || (typeof value === 'number' && value >= 0 && value <= 1);

/** The scores a report carries; undefined when it carries none (or they do not read as scores). */
export function readScores(markdown: string): MutationScores | undefined {
  const found = COMMENT.exec(markdown);
  if (!found) return undefined;
  let value: Partial<MutationScores>;
  try {
    value = JSON.parse(found[1]!);
  } catch {
    return undefined;
  }
  const { total, killed, timedOut, survived, reviewed, score, nonEquivalentScore, finishedAt } = value;
  const counts = [total, killed, timedOut, survived, reviewed].every(isCount);
  if (!counts || !isScore(score) || !isScore(nonEquivalentScore) || typeof finishedAt !== 'string') return undefined;
  return { total: total!, killed: killed!, timedOut: timedOut!, survived: survived!, reviewed: reviewed!, score, nonEquivalentScore, finishedAt };
}

/** The scores of the report in a chapter folder, if it has one (the learner branch has none). */
export function readChapterScores(chapterDir: string): MutationScores | undefined {
  const file = path.join(chapterDir, 'mutation.md');
  return existsSync(file) ? readScores(readFileSync(file, 'utf8')) : undefined;
}
