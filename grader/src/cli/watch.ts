// `npm run grade -- 01 --watch`: grade, then grade again on every save of a learner file.
// Each run is a grader process of its own: a save during a run stops that run (its learner
// processes included: a grader cleans up on SIGTERM) and starts a fresh one. File events are
// debounced; a poll of the files' modification times backs them up where events are unreliable
// (network drives, some containers). Ctrl-C stops the current run and exits, leaving nothing.
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, statSync, watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chapter } from '../course/chapters.ts';

const BIN = fileURLToPath(new URL('../../bin/lab-grade.mjs', import.meta.url));
const DEBOUNCE_MS = 300;
const POLL_MS = 1000;

/** The learner files of these chapters, by absolute path. */
export function watchedFiles(chapters: readonly Chapter[]): string[] {
  return chapters.flatMap((chapter) => chapter.meta.learnerFiles.map((file) => path.join(chapter.dir, 'src', file)));
}

const mtime = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0; // deleted for now: a new file later is a change too
  }
};

/** Runs `gradeArgs` (without --watch) now and after every change; resolves with the exit code on Ctrl-C. */
export function watchAndGrade(gradeArgs: string[], files: readonly string[], options: { clear: boolean }): Promise<number> {
  let child: ChildProcess | undefined;
  let pending: NodeJS.Timeout | undefined;
  let stopping = false;
  let restart = false;
  const seen = new Map(files.map((file) => [file, mtime(file)]));

  const run = () => {
    if (stopping) return;
    if (child) {
      // A save during a run: stop it; its 'close' starts the next one.
      restart = true;
      child.kill('SIGTERM');
      return;
    }
    // This run covers every save so far: the poll must not report the same save again later
    // (an event and the poll both see one save; without this it graded twice).
    for (const file of files) seen.set(file, mtime(file));
    if (options.clear) process.stdout.write('\x1b[2J\x1b[H');
    process.stdout.write(`watch: grading (${new Date().toLocaleTimeString()}); saving a learner file grades again, Ctrl-C stops\n\n`);
    const started = spawn(process.execPath, [BIN, ...gradeArgs], { stdio: 'inherit' });
    child = started;
    started.on('close', () => {
      child = undefined;
      if (stopping) return;
      if (restart) {
        restart = false;
        run();
      } else process.stdout.write(`\nwatch: waiting for changes to ${files.length} learner file${files.length === 1 ? '' : 's'}...\n`);
    });
  };

  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(run, DEBOUNCE_MS);
  };

  // Events where the platform gives them (a folder watch survives editors that save by rename)...
  const watchers: FSWatcher[] = [];
  for (const dir of new Set(files.map((file) => path.dirname(file)))) {
    try {
      watchers.push(watch(dir, (_event, name) => name && files.includes(path.join(dir, name.toString())) && changed()));
    } catch {
      // No events here: the poll below still sees every save.
    }
  }
  // ...and a poll of modification times that catches what events miss.
  const poll = setInterval(() => {
    for (const file of files) {
      const now = mtime(file);
      if (now !== seen.get(file)) {
        seen.set(file, now);
        changed();
      }
    }
  }, POLL_MS);

  run();
  return new Promise((resolve) => {
    const stop = () => {
      stopping = true;
      clearTimeout(pending);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
      if (!child) return resolve(130);
      child.on('close', () => resolve(130));
      child.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
