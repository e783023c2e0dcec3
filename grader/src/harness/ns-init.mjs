// The init (PID 1) of one learner program's PID namespace: runs the program as its only child,
// records how it ended, and exits, upon which the kernel kills whatever the program left in the
// namespace, however it detached itself. Usage: node ns-init.mjs <exit-file> <command> [args...]
//
// Signals: the harness signals the whole process group, so SIGTERM, SIGINT, SIGSTOP and SIGCONT
// reach the program directly. This init has no handler for them, and the kernel does not
// deliver a signal to a namespace's init that has none (except SIGKILL and SIGSTOP): it stays
// out of the way. For the same reason it could not die by the program's signal to pass it on,
// so it writes the true exit (code or signal) to the exit file for the harness to read.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [exitFile, command, ...args] = process.argv.slice(2);
const program = spawn(command, args, { stdio: 'inherit' });
program.once('error', (error) => {
  process.stderr.write(`could not start ${command}: ${error.message}\n`);
  writeFileSync(exitFile, JSON.stringify({ code: 127, signal: null }));
  process.exit(0);
});
program.once('exit', (code, signal) => {
  writeFileSync(exitFile, JSON.stringify({ code, signal }));
  process.exit(0);
});
