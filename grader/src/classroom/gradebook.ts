// The classroom's gradebook: one row per learner copy, one column per task, as CSV for a
// spreadsheet and as a self-contained HTML page to read. Every cell is escaped: learner names
// and error messages come from strangers' repositories.
import type { Chapter } from '../course/chapters.ts';
import type { GradeReport } from '../runner/report.ts';

export interface LearnerResult {
  /** A short unique name: the folder's or the repository's. */
  name: string;
  /** The folder or git URL as given. */
  source: string;
  /** The grader's report, when it ran; otherwise why not. */
  report?: GradeReport;
  error?: string;
  durationMs: number;
}

interface Column {
  chapter: Chapter;
  taskId: string;
  points: number;
}

const columnsOf = (chapters: readonly Chapter[]): Column[] => chapters.flatMap((chapter) => chapter.meta.tasks.map((t) => ({ chapter, taskId: t.id, points: t.points })));

/** Points a learner earned on one task, or undefined when that task was not graded. */
function earned(result: LearnerResult, column: Column): number | undefined {
  const chapter = result.report?.chapters.find((c) => c.id === column.chapter.name);
  return chapter?.tasks.find((t) => t.id === column.taskId)?.points.earned;
}

/** A problem the grader reported, or the reason it did not run. */
function problemOf(result: LearnerResult): string {
  return result.error ?? result.report?.error ?? '';
}

/** CSV field: quoted when needed; a leading = + - @ is defused so no spreadsheet runs it as a formula. */
function csvField(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(chapters: readonly Chapter[], results: readonly LearnerResult[]): string {
  const columns = columnsOf(chapters);
  const header = ['learner', 'source', 'status', 'earned', 'possible', ...columns.map((c) => `${c.chapter.number} ${c.taskId}`), 'problem'];
  const rows = results.map((r) => [
    r.name,
    r.source,
    r.report && !problemOf(r) ? 'graded' : 'error',
    r.report && !problemOf(r) ? r.report.points.earned : undefined,
    columns.reduce((sum, c) => sum + c.points, 0),
    ...columns.map((c) => earned(r, c)),
    problemOf(r),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderHtml(chapters: readonly Chapter[], results: readonly LearnerResult[], gradedAt: Date): string {
  const columns = columnsOf(chapters);
  const possible = columns.reduce((sum, c) => sum + c.points, 0);
  const head = [
    '<tr><th rowspan="2">learner</th><th rowspan="2">points</th>',
    ...chapters.map((ch) => `<th colspan="${ch.meta.tasks.length}">${escapeHtml(`${ch.number} ${ch.meta.title}`)}</th>`),
    '<th rowspan="2">problem</th></tr><tr>',
    ...columns.map((c) => `<th title="${escapeHtml(c.chapter.meta.tasks.find((t) => t.id === c.taskId)!.title)}">${c.taskId}</th>`),
    '</tr>',
  ].join('');
  const body = results.map((r) => {
    const cells = columns.map((c) => {
      const points = earned(r, c);
      const kind = points === undefined ? 'none' : points === c.points ? 'pass' : 'fail';
      return `<td class="${kind}">${points === undefined ? '–' : points}</td>`;
    });
    const total = r.report ? `${r.report.points.earned}/${possible}` : '–';
    return `<tr><th title="${escapeHtml(r.source)}">${escapeHtml(r.name)}</th><td>${total}</td>${cells.join('')}<td class="problem">${escapeHtml(problemOf(r))}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gradebook</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a202c; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #cbd5e0; padding: 0.25rem 0.5rem; text-align: center; }
  th[title] { text-align: left; }
  td.pass { background: #c6f6d5; } td.fail { background: #fed7d7; } td.none { color: #718096; }
  td.problem { text-align: left; max-width: 40rem; }
</style></head><body>
<h1>Gradebook</h1>
<p>${results.length} learner copies, graded ${escapeHtml(gradedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC. A green cell earned the task's points, a red one did not, a dash was not graded.</p>
<table>
${head}
${body.join('\n')}
</table>
</body></html>
`;
}
