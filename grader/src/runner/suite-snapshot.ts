// The suites and the grader run from a copy taken before any learner code starts. The copy is
// fingerprinted as it is written; after the run the copy is checked again, and so are the
// chapters' own files it was taken from (chapter.json, the suites), so a program that rewrites a
// suite while it is graded is caught (the grade is void), not scored. The grader's source is
// checked in the copy only: it is what ran, and editing the grader while a grade runs (its
// authors do) is no reason to void the grade; a learner's edit of it fails the next pinned grade. The copy sits in the course's .lab/ folder and is shaped like the
// course, so the suites' imports resolve as before: `@scaling-lab/grader/harness` to the copied
// grader (node_modules/@scaling-lab/grader), every other package from the course's node_modules
// further up; what is not copied (a chapter's certs/, src/, tsconfig.json...) is linked or copied
// as is, unchecked.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Chapter, courseRoot } from '../course/chapters.ts';
import { ownedName, removeAbandoned } from './leftovers.ts';
import { type CountedFile, chapterSuiteFiles, digestContents, filesUnder, graderDir, graderFiles } from './suite-digest.ts';

export interface SuiteChange {
  /** The file, as the fingerprint names it: "chapters/02-tiny/grading/tiny.test.ts". */
  label: string;
  what: 'changed' | 'added' | 'removed';
  /** In the run's copy, or in the files the copy was taken from. */
  where: 'copy' | 'source';
}

export interface SuiteSnapshot {
  /** The copy, shaped like the course: grader/, chapters/<name>/, node_modules/. */
  root: string;
  id: string;
  /** A chapter's folder in the copy: where its suites run from. */
  chapterDir(chapter: Chapter): string;
  /** Chapter name -> fingerprint of the copy, for each chapter whose hidden suite was copied. */
  digests: Record<string, string>;
  /** The first file that is no longer as it was copied, in the copy or at its source. */
  findChange(): SuiteChange | undefined;
  dispose(): void;
}

/** A file or folder copied and checked: its files by label, with the hash of what was copied. */
interface CopiedPart {
  source: string;
  copy: string;
  /** The label of `source` itself ("grader/src", "chapters/02-tiny/chapter.json"). */
  label: string;
  folder: boolean;
  /** Also check the original after the run (the chapter's files; not the grader's). */
  checkSource: boolean;
  hashes: Map<string, string>;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Copies what decides the grade of these chapters (and their `folders`: grading, test) into `<course>/.lab/suites/`. */
export function takeSnapshot(chapters: readonly Chapter[], folders: readonly string[]): SuiteSnapshot {
  const course = courseRoot();
  const base = path.join(course, '.lab', 'suites');
  removeAbandoned(base);
  const id = ownedName();
  const root = path.join(base, id);
  const parts: CopiedPart[] = [];
  const contents = new Map<string, Buffer>();
  const copyPart = (source: string, copy: string, label: string, files: CountedFile[], folder = true) => {
    const part: CopiedPart = { source, copy, label, folder, checkSource: !label.startsWith('grader/'), hashes: new Map() };
    for (const { file, label: fileLabel } of files) {
      const content = readFileSync(file);
      const target = path.join(copy, path.relative(source, file));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
      part.hashes.set(fileLabel, sha256(content));
      contents.set(fileLabel, content);
    }
    parts.push(part);
  };
  try {
    mkdirSync(root, { recursive: true });
    linkTheRest(course, root, ['chapters', 'grader', 'node_modules']);
    const grader = path.join(root, 'grader');
    const graderCopied = graderFiles();
    copyPart(path.join(graderDir, 'package.json'), path.join(grader, 'package.json'), 'grader/package.json', graderCopied.filter((f) => f.label === 'grader/package.json'), false);
    copyPart(path.join(graderDir, 'src'), path.join(grader, 'src'), 'grader/src', graderCopied.filter((f) => f.label !== 'grader/package.json'));
    linkTheRest(graderDir, grader, ['src', 'package.json']);
    // The grader's own surroundings (its tsconfig extends ../tsconfig.base.json), where the
    // course does not provide them: they differ when the course is elsewhere (LAB_ROOT).
    linkTheRest(path.dirname(graderDir), root, ['chapters', 'grader', 'node_modules'], true);
    // The suites import the harness by package name: that name must reach the copy.
    mkdirSync(path.join(root, 'node_modules', '@scaling-lab'), { recursive: true });
    symlinkSync(grader, path.join(root, 'node_modules', '@scaling-lab', 'grader'), 'junction');
    const digests: Record<string, string> = {};
    for (const chapter of chapters) {
      const dir = path.join(root, 'chapters', chapter.name);
      const label = `chapters/${chapter.name}`;
      const suite = chapterSuiteFiles(chapter);
      copyPart(path.join(chapter.dir, 'chapter.json'), path.join(dir, 'chapter.json'), `${label}/chapter.json`, suite.filter((f) => f.label === `${label}/chapter.json`), false);
      for (const folder of folders) {
        const files = folder === 'grading' ? suite.filter((f) => f.label.startsWith(`${label}/grading/`)) : filesUnder(path.join(chapter.dir, folder)).map((file) => ({ file, label: `${label}/${path.relative(chapter.dir, file).split(path.sep).join('/')}` }));
        copyPart(path.join(chapter.dir, folder), path.join(dir, folder), `${label}/${folder}`, files);
      }
      linkTheRest(chapter.dir, dir, ['chapter.json', ...folders]);
      if (folders.includes('grading')) {
        // The digest of what was copied, byte for byte: the grader's files as listed above.
        digests[chapter.name] = digestContents([...graderCopied, ...suite].map((f) => ({ label: f.label, content: contents.get(f.label)! })));
      }
    }
    return {
      root,
      id,
      chapterDir: (chapter) => path.join(root, 'chapters', chapter.name),
      digests,
      findChange: () => findChange(parts),
      dispose: () => rmSync(root, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * What the copy does not replace stays reachable under the same name: folders linked, files
 * copied (no file links, which Windows restricts). Dot-entries (.git, .lab) stay out.
 */
function linkTheRest(from: string, to: string, skip: readonly string[], onlyMissing = false): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skip.includes(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (onlyMissing && existsSync(target)) continue;
    if (entry.isDirectory()) symlinkSync(source, target, 'junction');
    else if (entry.isFile()) copyFileSync(source, target);
  }
}

function findChange(parts: readonly CopiedPart[]): SuiteChange | undefined {
  for (const where of ['copy', 'source'] as const) {
    for (const part of parts) {
      if (where === 'source' && !part.checkSource) continue;
      const top = where === 'copy' ? part.copy : part.source;
      const now = new Map<string, string>();
      for (const file of part.folder ? filesUnder(top) : [top]) {
        try {
          now.set(part.folder ? `${part.label}/${path.relative(top, file).split(path.sep).join('/')}` : part.label, sha256(readFileSync(file)));
        } catch {
          // Gone: reported as removed below.
        }
      }
      for (const [label, hash] of part.hashes) {
        if (!now.has(label)) return { label, what: 'removed', where };
        if (now.get(label) !== hash) return { label, what: 'changed', where };
      }
      for (const label of now.keys()) if (!part.hashes.has(label)) return { label, what: 'added', where };
    }
  }
  return undefined;
}
