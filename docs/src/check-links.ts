// The build's last gate: every href and src in every generated document must point at a file
// the build writes, and every #anchor at an id in that file. The sidebar, pager, outline, task
// tables and rewritten lesson links are all checked the same way, as the browser will see them.
import path from 'node:path';

export interface OutputDoc {
  /** The folder relative links resolve against ('' for the root and the 404 page). */
  id: string;
  /** Output path relative to the book root: "chapters/01-single-server/index.html". */
  file: string;
  html: string;
  /** What to name in a problem: the Markdown source, or the generated page. */
  source: string;
}

const ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

function decode(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function targetFile(doc: OutputDoc, urlPath: string): string {
  if (urlPath === '') return doc.file;
  const joined = path.posix.normalize(path.posix.join(doc.id === '' ? '.' : doc.id, decodeURIComponent(urlPath)));
  if (joined === '.' || joined === './') return 'index.html';
  return urlPath.endsWith('/') ? path.posix.join(joined, 'index.html') : joined;
}

/** Problems, one per broken link; an empty list means every link resolves. */
export function checkLinks(docs: OutputDoc[], otherFiles: Iterable<string>): string[] {
  const idsByFile = new Map<string, Set<string>>();
  for (const doc of docs) idsByFile.set(doc.file, new Set([...doc.html.matchAll(ID)].map((m) => decode(m[1]!))));
  const files = new Set([...idsByFile.keys(), ...otherFiles]);
  const problems: string[] = [];
  for (const doc of docs) {
    const reported = new Set<string>();
    for (const match of doc.html.matchAll(ATTRIBUTE)) {
      const href = decode(match[1]!);
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//') || reported.has(href)) continue;
      const hashAt = href.indexOf('#');
      const urlPath = hashAt === -1 ? href : href.slice(0, hashAt);
      const anchor = hashAt === -1 ? '' : decodeURIComponent(href.slice(hashAt + 1));
      const file = targetFile(doc, urlPath);
      let problem = '';
      if (file.startsWith('..') || !files.has(file)) problem = `the book has no ${file}`;
      else if (anchor !== '' && !idsByFile.get(file)?.has(anchor)) problem = `${file} has no heading or element with id "${anchor}"`;
      if (!problem) continue;
      reported.add(href);
      problems.push(`${doc.source}: link "${href}" is broken: ${problem}`);
    }
  }
  return problems;
}
