// The entry of `npm run mutation` (grader/bin/lab-mutation.mjs): runs the command, exits with its code.
import { main } from './main.ts';

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
