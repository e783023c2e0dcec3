// Publishing: from one commit of the course, build two branches in the same repository.
//   learner    stubs and hidden suites, without the chapters' reference solutions and mutants
//              (a mutant is a patch over the reference, so it would give the answers away), with
//              a learner's README and scripts, and a GitHub Classroom workflow;
//   solutions  the reference code in place of the stubs, for reading and for instructors.
// Each publication is a new commit on top of the branch's previous one, so learners can pull
// course updates. Built with private index files: the work tree and the current branch stay as
// they are. Both trees are checked before either branch moves, and both move or neither does.
import { checkNoAnswers } from './answer-check.ts';
import { expectedTasks } from './classroom-report.ts';
import { classroomWorkflow, WORKFLOW_PATH } from './classroom-workflow.ts';
import { chapterManifest, type CourseChapter, type Edition, readChapters, renderReadme, rootManifest } from './editions.ts';
import { Git } from './git.ts';
import { checkGrades } from './grade-check.ts';
import { checkOut, checkoutDigests } from './published-tree.ts';
import { PublishError } from './publish-error.ts';
import { TreeBuilder } from './tree-builder.ts';

export interface PublishOptions {
  repoDir: string;
  from?: string;
  learnerBranch?: string;
  solutionsBranch?: string;
  /** Also grade both editions (minutes on the real course): stubs earn nothing, solutions full marks. */
  checkGrades?: boolean;
  log?: (line: string) => void;
}

export interface Published {
  source: string;
  /** Chapter name -> the digest the learner edition's grader reports for it, pinned in its workflow. */
  digests: Record<string, string>;
  learner: { branch: string; commit: string; changed: boolean };
  solutions: { branch: string; commit: string; changed: boolean };
}

/**
 * The edits both editions share: no solution/, mutants/, mutation reports (they quote the
 * reference code) or author's CI; a README and scripts for their reader.
 */
function editEdition(git: Git, source: string, edition: Edition, chapters: CourseChapter[], tree: TreeBuilder): void {
  for (const { name } of chapters) {
    if (edition === 'solutions') {
      for (const entry of git.listTree(source, `chapters/${name}/solution/`)) {
        tree.putBlob(`chapters/${name}/src/${entry.path.slice(`chapters/${name}/solution/`.length)}`, entry.id, entry.mode);
      }
    }
    tree.remove(`chapters/${name}/solution`);
    tree.remove(`chapters/${name}/mutants`);
    tree.remove(`chapters/${name}/mutation.md`);
    tree.remove(`chapters/${name}/mutation-equivalents.json`);
    const manifest = `chapters/${name}/package.json`;
    if (git.listTree(source, manifest).length > 0) tree.put(manifest, chapterManifest(git.run(['show', `${source}:${manifest}`])));
  }
  // The author's CI runs the author's checks (`npm test` as the course's self-check): not a reader's.
  tree.remove('.ci');
  tree.put('README.md', renderReadme(edition, chapters));
  tree.put('package.json', rootManifest(git.run(['show', `${source}:package.json`]), edition));
}

function nextCommit(git: Git, branch: string, tree: string, message: string): { commit: string; changed: boolean; old?: string } {
  const old = git.resolve(`refs/heads/${branch}`);
  if (old && git.run(['rev-parse', `${old}^{tree}`]) === tree) return { commit: old, changed: false, old };
  const commit = git.run(['commit-tree', tree, ...(old ? ['-p', old] : []), '-m', message]);
  return { commit, changed: true, old };
}

export async function publish(options: PublishOptions): Promise<Published> {
  const log = options.log ?? (() => {});
  const git = new Git(options.repoDir);
  const source = git.resolve(options.from ?? 'HEAD');
  if (!source) throw new PublishError(`"${options.from ?? 'HEAD'}" is not a commit in ${options.repoDir}`);
  const short = source.slice(0, 10);
  const learnerBranch = options.learnerBranch ?? 'learner';
  const solutionsBranch = options.solutionsBranch ?? 'solutions';
  if (learnerBranch === solutionsBranch) throw new PublishError(`the learner and solutions branches must differ (both "${learnerBranch}")`);
  const chapters = readChapters(git, source);
  if (chapters.length === 0) throw new PublishError(`${short} has no chapters/NN-slug folders`);

  // The workflow pins the digests the learner edition's own grader computes on that very tree;
  // the workflow file itself is not part of what they cover.
  const learnerBase = TreeBuilder.build(git, source, (tree) => editEdition(git, source, 'learner', chapters, tree));
  const checkout = checkOut(git, learnerBase, 'digest');
  let digests: Record<string, string>;
  try {
    digests = await checkoutDigests(checkout.dir);
  } finally {
    checkout.dispose();
  }
  const learnerTree = TreeBuilder.build(git, learnerBase, (tree) => tree.put(WORKFLOW_PATH, classroomWorkflow(digests, expectedTasks(chapters))));
  const solutionsTree = TreeBuilder.build(git, source, (tree) => editEdition(git, source, 'solutions', chapters, tree));

  log('check: the learner edition holds no reference solution or mutant');
  for (const note of checkNoAnswers(git, source, learnerTree)) log(`note: ${note}`);
  if (options.checkGrades) {
    const editions = [{ edition: 'learner' as const, tree: learnerTree }, { edition: 'solutions' as const, tree: solutionsTree }];
    await checkGrades(git, editions, { repoDir: options.repoDir, digests, chapters, log });
  }

  const learner = nextCommit(git, learnerBranch, learnerTree, `Learner edition of ${short}: stubs and hidden suites`);
  const solutions = nextCommit(git, solutionsBranch, solutionsTree, `Solutions edition of ${short}: reference code in place of the stubs`);
  const moves = [
    { ref: `refs/heads/${learnerBranch}`, ...learner },
    { ref: `refs/heads/${solutionsBranch}`, ...solutions },
  ].filter((m) => m.changed);
  git.updateRefs(moves);
  return {
    source,
    digests,
    learner: { branch: learnerBranch, commit: learner.commit, changed: learner.changed },
    solutions: { branch: solutionsBranch, commit: solutions.commit, changed: solutions.changed },
  };
}
