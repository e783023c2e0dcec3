// Publishing: from one commit of the course, build two branches in the same repository.
//   learner    stubs and hidden suites, without the chapters' reference solutions and mutants
//              (a mutant is a patch over the reference, so it would give the answers away);
//   solutions  the reference code in place of the stubs, for reading and for instructors.
// Each publication is a new commit on top of the branch's previous one, so learners can pull
// course updates. Built with a private index: the work tree and the current branch stay as they are.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Git } from './git.ts';

export interface PublishOptions {
  repoDir: string;
  from?: string;
  learnerBranch?: string;
  solutionsBranch?: string;
}

export interface Published {
  source: string;
  learner: { branch: string; commit: string; changed: boolean };
  solutions: { branch: string; commit: string; changed: boolean };
}

const CHAPTER = /^chapters\/\d{2}-[a-z0-9-]+$/;

function chapterPaths(git: Git, source: string): string[] {
  const out = git.run(['ls-tree', '-d', '--name-only', '--full-tree', source, 'chapters/']);
  return out.split('\n').filter((p) => CHAPTER.test(p));
}

function commitTree(git: Git, branch: string, tree: string, message: string): { commit: string; changed: boolean } {
  const previous = git.resolve(`refs/heads/${branch}`);
  if (previous && git.run(['rev-parse', `${previous}^{tree}`]) === tree) return { commit: previous, changed: false };
  const parents = previous ? ['-p', previous] : [];
  const commit = git.run(['commit-tree', tree, ...parents, '-m', message]);
  git.run(['update-ref', `refs/heads/${branch}`, commit]);
  return { commit, changed: true };
}

function buildBranch(git: Git, source: string, edit: (indexed: Git, chapter: string) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-publish-'));
  try {
    const indexed = git.withIndex(path.join(dir, 'index'));
    indexed.run(['read-tree', source]);
    for (const chapter of chapterPaths(git, source)) edit(indexed, chapter);
    return indexed.run(['write-tree']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const removeFolder = (indexed: Git, folder: string) => indexed.run(['rm', '-r', '-q', '--cached', '--ignore-unmatch', '--', folder]);

export function publish(options: PublishOptions): Published {
  const git = new Git(options.repoDir);
  const source = git.resolve(options.from ?? 'HEAD');
  if (!source) throw new Error(`"${options.from ?? 'HEAD'}" is not a commit in ${options.repoDir}`);
  const short = source.slice(0, 10);
  const learnerBranch = options.learnerBranch ?? 'learner';
  const solutionsBranch = options.solutionsBranch ?? 'solutions';

  const learnerTree = buildBranch(git, source, (indexed, chapter) => {
    removeFolder(indexed, `${chapter}/solution`);
    removeFolder(indexed, `${chapter}/mutants`);
  });

  const solutionsTree = buildBranch(git, source, (indexed, chapter) => {
    for (const entry of git.listTree(source, `${chapter}/solution/`)) {
      const target = `${chapter}/src/${entry.path.slice(`${chapter}/solution/`.length)}`;
      indexed.run(['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.id},${target}`]);
    }
    removeFolder(indexed, `${chapter}/solution`);
    removeFolder(indexed, `${chapter}/mutants`);
  });

  return {
    source,
    learner: { branch: learnerBranch, ...commitTree(git, learnerBranch, learnerTree, `Learner edition of ${short}: stubs and hidden suites`) },
    solutions: { branch: solutionsBranch, ...commitTree(git, solutionsBranch, solutionsTree, `Solutions edition of ${short}: reference code in place of the stubs`) },
  };
}
