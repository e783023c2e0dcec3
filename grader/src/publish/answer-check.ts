// The publisher's own check that the learner edition gives no answer away, run before any branch
// moves. Removing solution/ and mutants/ is not enough: a reference file copied into the book, a
// fixture or a lesson would leak too. So the distinctive lines of the source's reference files
// (and of its mutants' added lines) are searched for in every file of the learner tree.
//  - Distinctive: at least 40 characters once trimmed (shorter lines, such as "return
//    res.end();", occur in any code), and absent from every chapter's src/ (stubs and provided
//    helpers share imports, types and signatures with the reference; a later chapter may
//    provide an earlier chapter's layer on purpose).
//  - A file leaks when it holds two or more distinctive lines: a copied file or snippet repeats
//    many, while one line in common is a coincidence of idiom (on the real course, the grader's
//    fake backend and a chapter 04 reference both read `req.headers['if-none-match']`).
//  - The course's workspace packages (packages/*) are provided working code by design: the
//    Chirp app that chapters 02-06 import is chapter 01's layer. Their overlap is reported as a
//    note for the author to see on every publication, not refused.
import type { Git, TreeEntry } from './git.ts';
import { PublishError } from './publish-error.ts';

const MIN_LENGTH = 40;
const MIN_LINES = 2;
const SOLUTION = /^chapters\/[^/]+\/solution\//;
const MUTANT = /^chapters\/[^/]+\/mutants\//;
const STUB = /^chapters\/[^/]+\/src\//;
const PACKAGE = /^packages\/[^/]+\//;

const isBinary = (content: Buffer) => content.subarray(0, 8000).includes(0);

function lines(content: Buffer): string[] {
  return isBinary(content) ? [] : content.toString('utf8').split('\n').map((line) => line.trim());
}

/** Lines the reference adds: a solution file's lines, or a mutant patch's "+" lines (without "+++" headers). */
function answerLines(entry: TreeEntry, content: Buffer): string[] {
  if (SOLUTION.test(entry.path)) return lines(content);
  return content
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => line.slice(1).trim());
}

const shorten = (line: string) => (line.length > 60 ? `${line.slice(0, 57)}...` : line);

/**
 * Throws naming the first learner file that holds distinctive lines of a reference or mutant
 * file; returns notes on the overlaps it allows (provided packages, single lines).
 */
export function checkNoAnswers(git: Git, source: string, learnerTree: string): string[] {
  const sourceFiles = git.listTree(source, 'chapters/');
  const answers = sourceFiles.filter((e) => SOLUTION.test(e.path) || MUTANT.test(e.path));
  const stubs = sourceFiles.filter((e) => STUB.test(e.path));
  const learnerFiles = git.listTree(learnerTree).filter((e) => e.mode !== '160000'); // not submodules
  const blobs = git.readBlobs([...answers, ...stubs, ...learnerFiles].map((e) => e.id));

  const provided = new Set(stubs.flatMap((e) => lines(blobs.get(e.id)!)));
  const distinctive = new Map<string, string>();
  for (const entry of answers) {
    for (const line of answerLines(entry, blobs.get(entry.id)!)) {
      if (line.length >= MIN_LENGTH && !provided.has(line) && !distinctive.has(line)) distinctive.set(line, entry.path);
    }
  }

  const notes: string[] = [];
  for (const entry of learnerFiles) {
    if (SOLUTION.test(entry.path) || MUTANT.test(entry.path)) throw new PublishError(`the learner edition still holds ${entry.path}`);
    const found = [...new Set(lines(blobs.get(entry.id)!))].filter((line) => distinctive.has(line));
    if (found.length === 0) continue;
    const origins = [...new Set(found.map((line) => distinctive.get(line)!))];
    const more = origins.length > 1 ? ` (and of ${origins.length - 1} more)` : '';
    const what = `${found.length} line${found.length === 1 ? '' : 's'} of the reference ${origins[0]}${more}, such as "${shorten(found[0]!)}"`;
    if (PACKAGE.test(entry.path)) notes.push(`${entry.path} repeats ${what}: provided package code, allowed`);
    else if (found.length < MIN_LINES) notes.push(`${entry.path} repeats ${what}: one line in common, allowed`);
    else throw new PublishError(`the learner edition's ${entry.path} holds ${what}`);
  }
  return notes;
}
