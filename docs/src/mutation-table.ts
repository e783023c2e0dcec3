// The for-instructors page's table of mutation scores, one row per chapter, built from the
// numbers each chapter's committed mutation report carries (grader/src/mutation/scores.ts).
// Written where a page says <!-- mutation-scores-table -->, so the book never repeats a number
// by hand and never shows one older than the report.
import type { Chapter } from '@scaling-lab/grader/course';
import { type MutationScores, readChapterScores } from '@scaling-lab/grader/mutation-scores';

export const MUTATION_TABLE_MARKER = '<!-- mutation-scores-table -->';

const percent = (score: number | null) => (score === null ? 'n/a' : `${(score * 100).toFixed(1)}%`);

function row(chapter: Chapter, scores: MutationScores | undefined): string {
  const name = `[${chapter.number} · ${chapter.meta.title}](/chapters/${chapter.name})`;
  if (!scores) return `| ${name} | not measured yet | | | | |`;
  const detected = scores.killed + scores.timedOut;
  return `| ${name} | ${scores.total} | ${detected} | ${scores.survived} (${scores.reviewed} reviewed) | ${percent(scores.score)} | ${percent(scores.nonEquivalentScore)} ([report](/chapters/${chapter.name}/mutation.md), ${scores.finishedAt.slice(0, 10)}) |`;
}

/** The table, or one sentence when no chapter has a report (the learner branch carries none). */
export function mutationTable(chapters: readonly Chapter[], read: (dir: string) => MutationScores | undefined = readChapterScores): string {
  const scores = chapters.map((chapter) => read(chapter.dir));
  if (scores.every((s) => s === undefined)) return '_This copy of the course carries no mutation reports: they stay with the course authors._';
  return [
    '| Chapter | Mutants | Killed or timed out | Survived | Score | Non-equivalent score |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...chapters.map((chapter, i) => row(chapter, scores[i])),
  ].join('\n');
}

/** The page's Markdown with the marker replaced by the table (unchanged without the marker). */
export function withMutationTable(markdown: string, chapters: readonly Chapter[], read?: (dir: string) => MutationScores | undefined): string {
  return markdown.includes(MUTATION_TABLE_MARKER) ? markdown.replace(MUTATION_TABLE_MARKER, () => mutationTable(chapters, read)) : markdown;
}
