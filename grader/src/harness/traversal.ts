// Path traversal probes for any component that serves files under a URL prefix: the same
// escape attempts, spelled every way a hole shows up (dot segments, percent-encoded, double
// encoded, backslashes, ";"), checked against the contents of files outside the public folder.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { check } from './assert.ts';
import { runContext } from './context.ts';
import { excerpt } from './failure.ts';
import { request } from './http-client.ts';

const ESCAPES = [
  '../main.ts',
  '../../main.ts',
  '../../package.json',
  '%2e%2e/%2e%2e/main.ts',
  '%2E%2E%2F%2E%2E%2Fconfig.ts',
  '..%2f..%2fpackage.json',
  '..%5c..%5cmain.ts',
  '%252e%252e/%252e%252e/main.ts',
  '....//....//main.ts',
  '..;/..;/main.ts',
];

/** The start of files a traversal would reach: the program's source, the chapter's package.json. */
function secrets(): string[] {
  const { codeDir } = runContext();
  return [path.join(codeDir, 'main.ts'), path.join(codeDir, 'config.ts'), path.join(path.dirname(codeDir), 'package.json')]
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8').slice(0, 60));
}

export interface TraversalOptions {
  /** Where static files are served, e.g. "/static/". */
  prefix: string;
  /** Also require a 4xx answer (not just no leak). */
  clientError?: boolean;
}

export async function expectNoTraversal(baseUrl: string, { prefix, clientError = false }: TraversalOptions): Promise<void> {
  const known = secrets();
  for (const escape of ESCAPES) {
    const attempt = `${prefix}${escape}`;
    const res = await request(`${baseUrl}${attempt}`);
    if (clientError) {
      check(res.status >= 400 && res.status < 500, () => `GET ${attempt}: expected 400, 403 or 404, got ${res.status}: ${excerpt(res.text, 120)}`);
    }
    check(!known.some((secret) => res.text.includes(secret)), () => `GET ${attempt}: the response contains a file from outside the public folder: ${excerpt(res.text, 120)}`);
  }
}
