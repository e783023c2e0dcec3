// `npm run publish:branches -- [--from <ref>] [--learner <branch>] [--solutions <branch>] [--check-grades]`
import { parseArgs } from 'node:util';
import { courseRoot } from '../course/chapters.ts';
import { LabError } from '../errors.ts';
import { publish } from '../publish/publish.ts';

const USAGE = `Usage: npm run publish:branches -- [options]

Builds two branches of this repository from a commit, without touching the work tree:
  learner     stubs and hidden suites (no solution/, no mutants/), a learner's README and
              scripts, and a GitHub Classroom workflow pinned to the published suites
  solutions   the reference code in place of the stubs

Before any branch moves it checks its output: no file of the learner edition repeats lines of a
reference solution or mutant (two or more of 40 characters or more that no chapter's src/
holds; the provided packages/ are only noted). A failed check exits 2 with the reason, and no
branch moves.

Options:
  --from <ref>          publish this commit (default: HEAD; uncommitted changes never count)
  --learner <branch>    the learner branch's name (default: learner)
  --solutions <branch>  the solutions branch's name (default: solutions)
  --check-grades        also grade both editions as their readers will (takes minutes): the
                        learner stubs must earn nothing, the solutions full marks
  -h, --help            this help`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        learner: { type: 'string' },
        solutions: { type: 'string' },
        'check-grades': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`publish: ${(error as Error).message.split('\n')[0]} (npm run publish:branches -- --help)`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const result = await publish({
      repoDir: courseRoot(),
      from: values.from,
      learnerBranch: values.learner,
      solutionsBranch: values.solutions,
      checkGrades: values['check-grades'],
      log: (line) => console.error(line),
    });
    console.log(`published ${result.source.slice(0, 10)} (committed work only; uncommitted changes are not included)`);
    for (const edition of [result.learner, result.solutions]) {
      console.log(`  ${edition.branch.padEnd(10)} ${edition.commit.slice(0, 10)}${edition.changed ? '' : ' (unchanged)'}`);
    }
    console.log("  chapter digests (pinned in the learner edition's .github/workflows/classroom.yml; --expect-suites):");
    for (const [chapter, digest] of Object.entries(result.digests)) console.log(`    ${chapter} ${digest}`);
    console.log(`Push them with: git push origin ${result.learner.branch} ${result.solutions.branch}`);
    return 0;
  } catch (error) {
    // Expected refusals are one line; anything else is a bug, but still one line and exit 2.
    const message = (error as Error).message.split('\n')[0];
    const next = error instanceof LabError && error.next ? ` ${error.next}` : '';
    console.error(`publish: ${error instanceof LabError ? 'refused' : 'failed'}: ${message} (no branch moved).${next}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
