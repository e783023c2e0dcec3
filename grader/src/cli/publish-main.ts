// `npm run publish:branches -- [--from <ref>] [--learner <branch>] [--solutions <branch>]`
import { parseArgs } from 'node:util';
import { courseRoot } from '../course/chapters.ts';
import { publish } from '../publish/publish.ts';

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, learner: { type: 'string' }, solutions: { type: 'string' } } }));
  } catch (error) {
    console.error(`publish: ${(error as Error).message}`);
    return 2;
  }
  try {
    const result = publish({ repoDir: courseRoot(), from: values.from, learnerBranch: values.learner, solutionsBranch: values.solutions });
    console.log(`published ${result.source.slice(0, 10)} (committed work only; uncommitted changes are not included)`);
    for (const edition of [result.learner, result.solutions]) {
      console.log(`  ${edition.branch.padEnd(10)} ${edition.commit.slice(0, 10)}${edition.changed ? '' : ' (unchanged)'}`);
    }
    console.log('Push them with: git push origin learner solutions');
    return 0;
  } catch (error) {
    console.error(`publish: ${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
