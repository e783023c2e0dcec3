import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError } from '../../src/course/apply-patch.ts';
import { scratchFolders } from '../support/scratch.ts';

const freshFolder = scratchFolders('lab-patch-');

const patch = `Mutant: example
Breaks: T1

--- a/app.ts
+++ b/app.ts
@@ -1,3 +1,3 @@
 const a = 1;
-const b = 2;
+const b = 3;
 const c = 4;
`;

function folderWith(content: string): string {
  const dir = freshFolder();
  writeFileSync(path.join(dir, 'app.ts'), content);
  return dir;
}

describe('applyPatch', () => {
  it('applies a hunk where its lines are found', () => {
    const dir = folderWith('// header\nconst a = 1;\nconst b = 2;\nconst c = 4;\n');
    expect(applyPatch(dir, patch)).toEqual(['app.ts']);
    expect(readFileSync(path.join(dir, 'app.ts'), 'utf8')).toBe('// header\nconst a = 1;\nconst b = 3;\nconst c = 4;\n');
  });

  it('fails loudly when the reference changed under the mutant', () => {
    const dir = folderWith('const a = 1;\nconst b = 20;\nconst c = 4;\n');
    expect(() => applyPatch(dir, patch)).toThrow(PatchError);
    expect(() => applyPatch(dir, patch)).toThrow('app.ts: hunk 1 does not match the file any more');
  });

  it('fails when a hunk could apply in two places', () => {
    const dir = folderWith('const a = 1;\nconst b = 2;\nconst c = 4;\nconst a = 1;\nconst b = 2;\nconst c = 4;\n');
    expect(() => applyPatch(dir, patch)).toThrow('matches in more than one place');
  });
});
