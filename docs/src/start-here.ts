// The "Start here" block near the top of every chapter README: the files to edit, the commands
// to run and the graded tasks, generated from chapter.json between two marker comments. A
// learner who opens the README in an editor meets what to do within a screen, and the metadata
// is still written once: `npm run docs:start-here` rewrites the block, and a test fails when a
// README's block no longer matches its chapter.json.
import type { Chapter, ChapterMeta } from '@scaling-lab/grader/course';

const BEGIN = '<!-- start-here:begin';
const BEGIN_LINE = `${BEGIN} (generated from chapter.json by \`npm run docs:start-here\`: edit chapter.json, not this block) -->`;
export const END_LINE = '<!-- start-here:end -->';

/** The learner's files grouped by folder under src/, in chapter.json order: [["src/app/", ["a.ts"]], ...]. */
export function learnerFileGroups(meta: ChapterMeta): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const file of meta.learnerFiles) {
    const slash = file.lastIndexOf('/');
    const dir = `src/${file.slice(0, slash + 1)}`;
    groups.set(dir, [...(groups.get(dir) ?? []), file.slice(slash + 1)]);
  }
  return [...groups];
}

/** Greedy word wrap for a prose line; the words here never hold spaces inside backticks. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const code = (text: string) => `\`${text}\``;

/** "The program starts at `src/main.ts`." or "Entry points: `src/a/main.ts` (a), ...", in Markdown or HTML. */
export function entryPoints(meta: ChapterMeta, asCode: (text: string) => string, asText = (text: string) => text): string {
  const entries = Object.entries(meta.entries);
  if (entries.length === 1) return `The program starts at ${asCode(`src/${entries[0]![1]}`)}.`;
  return `Entry points: ${entries.map(([name, file]) => `${asCode(`src/${file}`)} (${asText(name)})`).join(', ')}.`;
}

/** The three commands of a chapter, commented; the book's chapter card shows the same lines. */
export function chapterCommands({ number, meta }: Chapter): string[] {
  const first = meta.tasks[0]!.id;
  const lines: [string, string][] = [
    [`npm run check -- ${number}`, 'the visible starter tests, while you work'],
    [`npm run grade -- ${number}`, 'the hidden suite: points and feedback per task'],
    [`npm run grade -- ${number} --task ${first}`, 'one task alone'],
  ];
  const width = Math.max(...lines.map(([command]) => command.length)) + 2;
  return lines.map(([command, comment]) => `${command.padEnd(width)}# ${comment}`);
}

/** The block's lines, markers included, for one chapter. */
export function startHereBlock(chapter: Chapter): string[] {
  const { meta, number } = chapter;
  const files = learnerFileGroups(meta)
    .map(([dir, names]) => `${code(dir)} (${names.map(code).join(', ')})`)
    .join(', ');
  const entryText = entryPoints(meta, code);
  const total = meta.tasks.reduce((sum, task) => sum + task.points, 0);
  return [
    BEGIN_LINE,
    ...wrap(`**Start here.** Edit the files marked \`TODO(Tn)\` in ${files}. ${entryText}`),
    '',
    '```sh',
    ...chapterCommands(chapter),
    '```',
    '',
    `Graded tasks (${meta.tasks.length} ${meta.tasks.length === 1 ? 'task' : 'tasks'}, ${total} points):`,
    '',
    ...meta.tasks.map((task) => `- ${task.id} · [${task.title}](#${task.lesson}) · ${task.points} points${task.stretch ? ' · stretch' : ''}`),
    END_LINE,
  ];
}

/**
 * Where a README without the block gets it: after the first two paragraphs under the title
 * (and a list that the second one introduces), or before the first section, whichever comes
 * first. Once the markers are in, an author may move the block; it is rewritten in place.
 */
function insertionLine(lines: string[]): number {
  let i = lines.findIndex((line) => /^#\s/.test(line)) + 1;
  let paragraphs = 0;
  while (i < lines.length) {
    if (/^##\s/.test(lines[i]!)) return i;
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    const isList = /^\s*([-*+]|\d+\.)\s/.test(lines[start]!);
    const isProse = !isList && !/^\s*([!>|<#`~])/.test(lines[start]!);
    if (paragraphs === 2 && !isList) return start;
    if (isProse && paragraphs < 2) paragraphs++;
  }
  return lines.length;
}

export class StartHereError extends Error {
  override name = 'StartHereError';
}

/** The README with its block brought up to date (inserted when missing); unchanged if current. */
export function withStartHere(readme: string, chapter: Chapter): string {
  const lines = readme.split('\n');
  const block = startHereBlock(chapter);
  const begins = lines.flatMap((line, i) => (line.startsWith(BEGIN) ? [i] : []));
  const ends = lines.flatMap((line, i) => (line.trim() === END_LINE ? [i] : []));
  if (begins.length === 0 && ends.length === 0) {
    const at = insertionLine(lines);
    const before = lines.slice(0, at);
    while (before.at(-1)?.trim() === '') before.pop();
    const after = lines.slice(at);
    while (after[0]?.trim() === '') after.shift();
    return [...before, '', ...block, ...(after.length ? ['', ...after] : [''])].join('\n');
  }
  if (begins.length !== 1 || ends.length !== 1 || ends[0]! < begins[0]!) {
    throw new StartHereError(`${chapter.name}/README.md needs exactly one "${BEGIN} ... -->" line followed by one "${END_LINE}" line`);
  }
  return [...lines.slice(0, begins[0]), ...block, ...lines.slice(ends[0]! + 1)].join('\n');
}

/** For the book's build: a warning when a README's block is missing, malformed or stale (the test fails on it too). */
export function startHereWarning(readme: string, chapter: Chapter): string | undefined {
  try {
    if (withStartHere(readme, chapter) === readme) return undefined;
  } catch (error) {
    if (!(error instanceof StartHereError)) throw error;
    return error.message;
  }
  return `chapters/${chapter.name}/README.md: its "Start here" block is missing or out of date with chapter.json; run \`npm run docs:start-here\``;
}
