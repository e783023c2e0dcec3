// Builds a tree from another one in a private index file: files can be removed, added or
// replaced without a work tree, so the user's checkout and current branch stay as they are.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Git } from './git.ts';

export class TreeBuilder {
  private constructor(private readonly git: Git) {}

  /** Runs `edit` on a builder started from `base` (a commit or tree) and returns the tree it writes. */
  static build(git: Git, base: string, edit: (tree: TreeBuilder) => void): string {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'lab-publish-'));
    try {
      const builder = new TreeBuilder(git.withIndex(path.join(tmp, 'index')));
      builder.git.run(['read-tree', base]);
      edit(builder);
      return builder.git.run(['write-tree']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Removes a file or a whole folder (nothing happens when it is absent). */
  remove(target: string): void {
    this.git.run(['rm', '-r', '-q', '--cached', '--ignore-unmatch', '--', target]);
  }

  /** Adds or replaces a file with an existing blob. */
  putBlob(target: string, id: string, mode = '100644'): void {
    this.git.run(['update-index', '--add', '--cacheinfo', `${mode},${id},${target}`]);
  }

  /** Adds or replaces a text file. */
  put(target: string, content: string): void {
    this.putBlob(target, this.git.writeBlob(content));
  }
}
