// Before grading: is every package the chapter needs installed and loadable? A missing or
// unbuilt dependency (better-sqlite3 compiles natively) is a setup problem, not a failed task.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Chapter } from '../course/chapters.ts';
import { SetupError } from '../errors.ts';

export function checkDependencies(chapter: Chapter): void {
  const manifest = path.join(chapter.dir, 'package.json');
  const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
  const require = createRequire(manifest);
  for (const name of Object.keys(dependencies)) {
    if (name.startsWith('@scaling-lab/')) continue;
    try {
      require(name);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? 'is not installed' : `does not load (${(error as Error).message.split('\n')[0]})`;
      throw new SetupError(`${chapter.name} needs the package "${name}", which ${reason}`, 'Run "npm install" at the root of the course, then grade again.');
    }
  }
}
