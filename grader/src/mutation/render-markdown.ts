// The committed report of a chapter's mutation run (chapters/NN-*/mutation.md): the counts, the
// scores, every survivor still to review, and the reviewed equivalents with their reasons.
import { EQUIVALENTS_FILE } from './equivalents.ts';
import { scoresComment } from './scores.ts';
import type { Mutant, MutationSummary } from './summarize.ts';

/** The goal of issue 12: this share of the non-equivalent mutants killed in every chapter. */
export const SCORE_GOAL = 0.9;

export interface RunFacts {
  chapter: string;
  /** The command that produced it, as an author types it. */
  command: string;
  /** What each mutant was tested with. */
  testCommand: string;
  finishedAt: string;
  durationMs: number;
  concurrency: number;
  /** The survivors of that run graded again (`--survivors`), after tests were added for them. */
  retest?: { finishedAt: string; durationMs: number; mutants: number };
}

const percent = (score: number | null): string => (score === null ? 'n/a (no mutants)' : `${(score * 100).toFixed(1)}%`);

/** Text for a table cell: one line, pipes escaped, long code shortened. */
function cell(text: string, max = 80): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return short.replaceAll('|', '\\|') || ' ';
}

const code = (text: string, max?: number): string => `\`${cell(text, max).replaceAll('`', 'ˋ')}\``;
const where = (m: Pick<Mutant, 'file' | 'line'>): string => `${m.file}:${m.line}`;
/** With the column, which an entry in the equivalents needs when one line has two alike mutants. */
const whereExactly = (m: Pick<Mutant, 'file' | 'line' | 'column'>): string => `${where(m)}:${m.column}`;

function minutes(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function renderMarkdown(summary: MutationSummary, facts: RunFacts): string {
  const s = summary;
  const lines = [
    `# Mutation testing: ${facts.chapter}`,
    '',
    scoresComment({ total: s.total, killed: s.killed, timedOut: s.timedOut, survived: s.survived + s.noCoverage, reviewed: s.equivalent.length, score: s.score, nonEquivalentScore: s.nonEquivalentScore, finishedAt: facts.finishedAt }),
    '',
    `Each mutant is a small change to the reference solution (\`solution/\`), made by Stryker; the hidden suite (\`grading/\`) kills it when some test fails. Produced by \`${facts.command}\` (author command, not part of \`npm test\`); each mutant was tested with \`${facts.testCommand}\`. Finished ${facts.finishedAt} after ${minutes(facts.durationMs)}, ${facts.concurrency} mutant${facts.concurrency === 1 ? '' : 's'} at a time.`,
    ...(facts.retest ? ['', `Its survivors not yet reviewed were graded again (\`--survivors\`: ${facts.retest.mutants} mutants, with the ones inside their ranges) on ${facts.retest.finishedAt}, in ${minutes(facts.retest.durationMs)}; the counts below include those verdicts.`] : []),
    '',
    '| Mutants | Count |',
    '| --- | ---: |',
    `| killed | ${s.killed} |`,
    `| timed out (counted as killed) | ${s.timedOut} |`,
    `| survived | ${s.survived} |`,
    `| no coverage | ${s.noCoverage} |`,
    `| of the survivors: reviewed as equivalent | ${s.equivalent.length} |`,
    `| errors (did not compile or run: not counted) | ${s.errors} |`,
    `| ignored | ${s.ignored} |`,
    `| total | ${s.total} |`,
    '',
    `**Mutation score:** ${percent(s.score)} (killed and timed out, of all that ran).`,
    '',
    `**Score of non-equivalent mutants:** ${percent(s.nonEquivalentScore)} (goal ${percent(SCORE_GOAL)}${s.nonEquivalentScore === null ? '' : s.nonEquivalentScore >= SCORE_GOAL ? ': met' : ': not met'}).`,
    '',
    '## Survivors to review',
    '',
  ];
  if (s.unreviewed.length === 0) lines.push('None: every surviving mutant is reviewed below.');
  else {
    lines.push(`Each needs a hidden test that kills it (through the lesson's contract), or an entry in \`${EQUIVALENTS_FILE}\` with the reason no test can (its \`column\` only when one line has two alike mutants).`, '');
    lines.push('| Where | Mutator | Original | Replacement | Status |', '| --- | --- | --- | --- | --- |');
    for (const m of s.unreviewed) lines.push(`| ${whereExactly(m)} | ${m.mutator} | ${code(m.original)} | ${code(m.replacement)} | ${m.status} |`);
  }
  lines.push('', '## Equivalent mutants (reviewed)', '');
  if (s.equivalent.length === 0) lines.push('None.');
  else {
    lines.push('| Where | Mutator | Original | Replacement | Why no test can kill it |', '| --- | --- | --- | --- | --- |');
    for (const { mutant: m, reason } of s.equivalent) lines.push(`| ${where(m)} | ${m.mutator} | ${code(m.original, 50)} | ${code(m.replacement, 50)} | ${cell(reason, 300)} |`);
  }
  if (s.stale.length > 0) {
    lines.push('', `## Stale entries of ${EQUIVALENTS_FILE}`, '', 'These match no surviving mutant of this run (it is killed now, or the code moved): update or remove them.', '');
    for (const e of s.stale) lines.push(`- ${where(e)} ${e.mutator} → ${code(e.replacement)}`);
  }
  return `${lines.join('\n')}\n`;
}
