// A thin wrapper over the git command line for the publisher: every call names the repository
// and, where a branch is built, a private index file, so the user's work tree is never touched.
import { execFileSync } from 'node:child_process';

export class Git {
  constructor(
    readonly dir: string,
    private readonly indexFile?: string,
  ) {}

  withIndex(indexFile: string): Git {
    return new Git(this.dir, indexFile);
  }

  run(args: string[], input?: string): string {
    const env = this.indexFile ? { ...process.env, GIT_INDEX_FILE: this.indexFile } : process.env;
    return execFileSync('git', args, { cwd: this.dir, env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trimEnd();
  }

  /** The commit a ref points at, or undefined when it does not exist. */
  resolve(ref: string): string | undefined {
    try {
      return this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) || undefined;
    } catch {
      return undefined;
    }
  }

  /** Entries of a tree: mode, object id and path, recursively. */
  listTree(ref: string, prefix: string): { mode: string; id: string; path: string }[] {
    const out = this.run(['ls-tree', '-r', '--full-tree', ref, '--', prefix]);
    if (!out) return [];
    return out.split('\n').map((line) => {
      const [meta, path] = line.split('\t') as [string, string];
      const [mode, , id] = meta.split(' ') as [string, string, string];
      return { mode, id, path };
    });
  }
}
