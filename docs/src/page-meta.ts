// The line under each page: when its source file was last committed, and a link to edit it on
// the course's repository (BOOK_EDIT_URL). Every date comes from one `git log` call, so the
// build stays fast; a file git does not know (uncommitted, or no git at all) gets no date.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BookPage } from './pages.ts';
import { escapeHtml } from './urls.ts';

const DATE_LINE = 'date:';

/**
 * The last commit date (YYYY-MM-DD) of each file, keyed by its path relative to `root` with
 * forward slashes. One `git log` over the files; newest commits come first, so the first date
 * seen for a file is its last. Files git does not know are simply missing from the map.
 */
export function lastCommitDates(root: string, files: string[]): Map<string, string> {
  const dates = new Map<string, string>();
  if (files.length === 0) return dates;
  let out: string;
  try {
    out = execFileSync('git', ['-c', 'core.quotepath=off', 'log', '--relative', '--name-only', `--format=${DATE_LINE}%cs`, '--', ...files], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return dates; // no git, or not a repository
  }
  let date = '';
  for (const line of out.split('\n')) {
    if (line.startsWith(DATE_LINE)) date = line.slice(DATE_LINE.length);
    else if (line !== '' && date !== '' && !dates.has(line)) dates.set(line, date);
  }
  return dates;
}

/** The source path of a page relative to the course root, as git and the repository name it. */
export function repoPath(root: string, page: BookPage): string {
  return path.relative(root, page.source).split(path.sep).join('/');
}

/** The "Last updated … · Edit this page" footer, or '' when there is neither. */
export function pageMeta(page: BookPage, root: string, dates: Map<string, string>, editUrl?: string): string {
  if (!existsSync(page.source)) return ''; // a chapter whose lesson is not written yet
  const file = repoPath(root, page);
  const parts: string[] = [];
  const date = dates.get(file);
  if (date) parts.push(`<span class="page-updated">Last updated <time datetime="${date}">${date}</time></span>`);
  if (editUrl) {
    const href = `${editUrl.replace(/\/$/, '')}/${file.split('/').map(encodeURIComponent).join('/')}`;
    parts.push(`<a class="page-edit" href="${escapeHtml(href)}">Edit this page</a>`);
  }
  return parts.length === 0 ? '' : `<footer class="page-meta">${parts.join(' · ')}</footer>`;
}
