// Rebuilds the book when a source changes, for `npm run docs`: book pages, diagrams, the
// client assets and every chapter's README.md and chapter.json. A failed rebuild keeps the
// last good book and prints the problems; the next save tries again.
import { existsSync, type FSWatcher, watch } from 'node:fs';
import path from 'node:path';

export function watchSources(root: string, clientDir: string, rebuild: () => void): () => void {
  const watched = [path.join(root, 'docs', 'pages'), path.join(root, 'docs', 'diagrams'), clientDir, path.join(root, 'chapters')];
  let timer: NodeJS.Timeout | undefined;
  const relevant = (dir: string, file: string | null) =>
    dir !== path.join(root, 'chapters') || (file !== null && /(^|[/\\])(README\.md|chapter\.json)$|[/\\]images[/\\]/.test(file));
  const watchers: FSWatcher[] = watched.filter(existsSync).map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (!relevant(dir, file)) return;
      clearTimeout(timer);
      // Editors save in bursts (temp file, rename, chmod): rebuild once they are done.
      timer = setTimeout(rebuild, 150);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
