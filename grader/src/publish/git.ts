// A thin wrapper over the git command line for the publisher: every call names the repository
// and, where a branch is built, a private index file, so the user's work tree is never touched.
import { execFileSync } from 'node:child_process';

export interface TreeEntry {
  mode: string;
  id: string;
  path: string;
}

export class Git {
  constructor(
    readonly dir: string,
    private readonly indexFile?: string,
  ) {}

  withIndex(indexFile: string): Git {
    return new Git(this.dir, indexFile);
  }

  private env(): NodeJS.ProcessEnv {
    return this.indexFile ? { ...process.env, GIT_INDEX_FILE: this.indexFile } : process.env;
  }

  run(args: string[], input?: string): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).trimEnd();
  }

  /** The commit a ref points at, or undefined when it does not exist. */
  resolve(ref: string): string | undefined {
    try {
      return this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) || undefined;
    } catch {
      return undefined;
    }
  }

  /** Entries of a tree (a commit or tree id), recursively; only those under `prefix` when given. */
  listTree(ref: string, prefix?: string): TreeEntry[] {
    const out = this.run(['ls-tree', '-r', '-z', '--full-tree', ref, ...(prefix ? ['--', prefix] : [])]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta, path] = line.split('\t') as [string, string];
        const [mode, , id] = meta.split(' ') as [string, string, string];
        return { mode, id, path };
      });
  }

  /** Stores `content` as a blob and returns its id. */
  writeBlob(content: string): string {
    return this.run(['hash-object', '-w', '--stdin'], content);
  }

  /** The contents of many blobs at once (one `git cat-file --batch`), by id. */
  readBlobs(ids: string[]): Map<string, Buffer> {
    const unique = [...new Set(ids)];
    const blobs = new Map<string, Buffer>();
    if (unique.length === 0) return blobs;
    const out = execFileSync('git', ['cat-file', '--batch'], { cwd: this.dir, input: `${unique.join('\n')}\n`, maxBuffer: 1024 * 1024 * 1024 });
    // Each answer: "<id> <type> <size>\n<content>\n".
    let at = 0;
    while (at < out.length) {
      const headerEnd = out.indexOf(0x0a, at);
      const [id, , size] = out.subarray(at, headerEnd).toString('utf8').split(' ') as [string, string, string];
      const start = headerEnd + 1;
      blobs.set(id, out.subarray(start, start + Number(size)));
      at = start + Number(size) + 1;
    }
    return blobs;
  }

  /**
   * Moves several branches at once, each only from the commit it was read at (`old`, or
   * "absent"): either every ref moves or none does.
   */
  updateRefs(updates: { ref: string; commit: string; old?: string }[]): void {
    if (updates.length === 0) return;
    // The all-zero id says "the ref must not exist yet" (its length follows the repository's hash).
    const lines = updates.map((u) => `update ${u.ref} ${u.commit} ${u.old ?? '0'.repeat(u.commit.length)}`);
    this.run(['update-ref', '--stdin'], `start\n${lines.join('\n')}\nprepare\ncommit\n`);
  }
}
