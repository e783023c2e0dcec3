// The typed shape of a chapter's `chapter.json`, and the checks that turn raw JSON into it.
// Every consumer (grader, book, publisher) reads chapters through this one validator.

export interface TaskMeta {
  /** Stable id such as "T3"; hidden suites name their `describe` blocks after it. */
  id: string;
  title: string;
  points: number;
  hint: string;
  /** Heading anchor in the chapter's README.md where the concept is taught. */
  lesson: string;
  /** Stretch tasks are graded like any other but marked as optional in feedback. */
  stretch: boolean;
  /** Earlier tasks whose code this task's checks run on: when one of them fails, the report says to do it first. */
  needs: string[];
}

export interface ChapterMeta {
  title: string;
  summary: string;
  objectives: string[];
  /**
   * Entry points of the learner's programs, relative to the code folder (`src/`), by name. In
   * chapter.json, `"entry": "main.ts"` is short for `"entry": { "main": "main.ts" }`.
   */
  entries: Record<string, string>;
  /** Files the learner edits, relative to `src/`; each has a reference twin in `solution/`. */
  learnerFiles: string[];
  tasks: TaskMeta[];
  /** Points the untouched stubs are documented to earn (normally 0). */
  stubFloor: number;
  /**
   * The memory cap of each learner program, in MiB (default 512): the grader stops a program
   * (with its descendants) whose resident memory passes it. Raise it for a chapter that needs more.
   */
  memoryLimitMiB: number;
}

export const DEFAULT_MEMORY_LIMIT_MIB = 512;
/** Below this, Node itself (about 50 MiB resident) and a small server would not fit. */
const MIN_MEMORY_LIMIT_MIB = 128;

export class MetadataError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not valid chapter metadata:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MetadataError';
  }
}

type Json = unknown;

/** Collects every problem instead of stopping at the first, so one fix pass is enough. */
class Checker {
  readonly problems: string[] = [];

  string(value: Json, where: string): string {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problems.push(`${where} must be a non-empty string`);
    return '';
  }

  stringList(value: Json, where: string): string[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.push(`${where} must be a non-empty list of strings`);
      return [];
    }
    return value.map((item, i) => this.string(item, `${where}[${i}]`));
  }

  wholeNumber(value: Json, where: string, min: number): number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.problems.push(`${where} must be a whole number >= ${min}`);
    return min;
  }

  object(value: Json, where: string, allowed: readonly string[]): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.push(`${where} must be an object`);
      return {};
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problems.push(`${where} has an unknown field "${key}"`);
    }
    return value as Record<string, Json>;
  }
}

const CHAPTER_FIELDS = ['title', 'summary', 'objectives', 'entry', 'learnerFiles', 'tasks', 'stubFloor', 'memoryLimitMiB'];
const TASK_FIELDS = ['id', 'title', 'points', 'hint', 'lesson', 'stretch', 'needs'];

function parseEntries(check: Checker, raw: Json): Record<string, string> {
  if (typeof raw === 'string') return { main: check.string(raw, 'entry') };
  const map = check.object(raw, 'entry', Object.keys(typeof raw === 'object' && raw !== null ? raw : {}));
  const entries = Object.fromEntries(Object.entries(map).map(([name, file]) => [name, check.string(file, `entry.${name}`)]));
  if (Object.keys(entries).length === 0) check.problems.push('entry must be a file name or a non-empty object of named files');
  return entries;
}

export function parseChapterMeta(raw: Json, file: string): ChapterMeta {
  const check = new Checker();
  const top = check.object(raw, 'the file', CHAPTER_FIELDS);
  const tasksRaw = Array.isArray(top.tasks) ? top.tasks : [];
  if (tasksRaw.length === 0) check.problems.push('tasks must be a non-empty list');

  const tasks = tasksRaw.map((item, i): TaskMeta => {
    const t = check.object(item, `tasks[${i}]`, TASK_FIELDS);
    const id = check.string(t.id, `tasks[${i}].id`);
    if (id && !/^T\d+$/.test(id)) check.problems.push(`tasks[${i}].id "${id}" must look like T1, T2, ...`);
    const lesson = check.string(t.lesson, `tasks[${i}].lesson`);
    if (lesson.startsWith('#')) check.problems.push(`tasks[${i}].lesson is an anchor name: drop the "#"`);
    if (t.stretch !== undefined && typeof t.stretch !== 'boolean') {
      check.problems.push(`tasks[${i}].stretch must be true or false`);
    }
    return {
      id,
      title: check.string(t.title, `tasks[${i}].title`),
      points: check.wholeNumber(t.points, `tasks[${i}].points`, 1),
      hint: check.string(t.hint, `tasks[${i}].hint`),
      lesson,
      stretch: t.stretch === true,
      needs: t.needs === undefined ? [] : check.stringList(t.needs, `tasks[${i}].needs`),
    };
  });
  tasks.forEach((task, i) => {
    for (const need of task.needs) {
      // Only earlier tasks: a learner works in order, and a cycle could never be untangled.
      const at = tasks.findIndex((t) => t.id === need);
      if (at < 0 || at >= i) check.problems.push(`tasks[${i}].needs "${need}": only earlier tasks can be needed (${task.id} comes after ${tasks.slice(0, i).map((t) => t.id).join(', ') || 'none'})`);
    }
  });

  const ids = tasks.map((t) => t.id);
  const repeated = ids.filter((id, i) => id && ids.indexOf(id) !== i);
  if (repeated.length > 0) check.problems.push(`task ids repeat: ${[...new Set(repeated)].join(', ')}`);
  ids.forEach((id, i) => {
    if (id && id !== `T${i + 1}`) check.problems.push(`tasks[${i}].id is "${id}"; tasks are numbered T1, T2, ... in order`);
  });

  const meta: ChapterMeta = {
    title: check.string(top.title, 'title'),
    summary: check.string(top.summary, 'summary'),
    objectives: check.stringList(top.objectives, 'objectives'),
    entries: parseEntries(check, top.entry),
    learnerFiles: check.stringList(top.learnerFiles, 'learnerFiles'),
    tasks,
    stubFloor: top.stubFloor === undefined ? 0 : check.wholeNumber(top.stubFloor, 'stubFloor', 0),
    memoryLimitMiB: top.memoryLimitMiB === undefined ? DEFAULT_MEMORY_LIMIT_MIB : check.wholeNumber(top.memoryLimitMiB, 'memoryLimitMiB', MIN_MEMORY_LIMIT_MIB),
  };
  if (check.problems.length > 0) throw new MetadataError(file, check.problems);
  return meta;
}
