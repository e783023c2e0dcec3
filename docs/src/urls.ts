// Page ids are output folders ('' for the home page, 'chapters/01-single-server' for a chapter);
// every link the book writes is relative, so the book works under any base path.
import path from 'node:path';

/** The folder a page's index.html lives in, for path arithmetic. */
function folder(id: string): string {
  return id === '' ? '.' : id;
}

/** Relative href from one page to another page (with a trailing slash) or to a file. */
export function relativeHref(fromId: string, toPath: string, isPage: boolean): string {
  const rel = path.posix.relative(folder(fromId), toPath === '' ? '.' : toPath);
  if (!isPage) return rel;
  if (rel === '') return './';
  return `${rel}/`;
}

/** '../../' for 'chapters/x', '' for the home page: the way back to the book root. */
export function rootPrefix(id: string): string {
  return id === '' ? '' : '../'.repeat(id.split('/').length);
}

export function outputFile(id: string): string {
  return id === '' ? 'index.html' : `${id}/index.html`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
