// `grade --code <folder or git URL>`: where another copy of the course is. A URL is cloned
// (shallow) into a temporary folder that is removed after the run; a folder is used in place
// and only read.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SetupError } from '../errors.ts';

const CLONE_TIMEOUT_MS = 120_000;

export interface OtherCopy {
  root: string;
  /** As the user named it, for messages and the report. */
  label: string;
  dispose(): void;
}

/** A git URL rather than a path: scheme://..., or scp-like user@host:path. */
export const isGitUrl = (text: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[\w.-]+@[\w.-]+:/.test(text);

export async function openOtherCopy(where: string): Promise<OtherCopy> {
  if (!isGitUrl(where)) {
    const root = path.resolve(where);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new SetupError(`--code: no folder ${root}`, 'Give the folder of a copy of the course, or a git URL.');
    return { root, label: where, dispose: () => {} };
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'scaling-lab-code-'));
  try {
    // "--" ends the options: a URL that starts with "-" is a URL, never a git option.
    await promisify(execFile)('git', ['clone', '--depth', '1', '--quiet', '--', where, root], { timeout: CLONE_TIMEOUT_MS, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').at(-1);
    throw new SetupError(`--code: could not clone ${where}: ${detail}`, 'Check the URL and that this machine can reach it (a private repository needs your git credentials).');
  }
  return { root, label: where, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
