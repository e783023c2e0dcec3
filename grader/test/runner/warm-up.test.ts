// The first file's modules are compiled before its worker asks for them: the suite's own modules,
// however deep, and no package; a module that does not compile is left for the worker to report.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import { pollUntil } from '../../src/harness/poll.ts';
import { warmUp } from '../../src/runner/run-vitest.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'lab-warm-up-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = {
  'grading/t1.test.ts': `import { it } from 'vitest';\nimport { greet } from './support.ts';\nit('greets', () => greet());\n`,
  'grading/support.ts': `import { name } from '../lib/deep/name.ts';\nexport const greet = (): string => \`hello \${name}\`;\n`,
  'lib/deep/name.ts': `export const name: string = 'chirp';\n`,
  'grading/t2.test.ts': `import './broken.ts';\n`,
  'grading/broken.ts': `export const = ;\n`,
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}
symlinkSync(path.resolve(import.meta.dirname, '../../../node_modules'), path.join(root, 'node_modules'), 'junction');

it("compiles a file's own modules, however deep, and no package, without failing on one that does not compile", async () => {
  const vitest = await createVitest('test', { root, config: false, watch: false, reporters: [] }, {}, { stdout: process.stdout, stderr: process.stderr });
  try {
    const graph = vitest.vite.environments.ssr.moduleGraph;
    const compiled = (file: string) => graph.getModuleById(path.join(root, file))?.transformResult != null;
    warmUp(vitest, root, ['grading/t1.test.ts', 'grading/t2.test.ts']);
    await pollUntil(() => compiled('lib/deep/name.ts'), { what: 'the deepest module to be compiled', timeoutMs: 10_000 });
    expect(compiled('grading/t1.test.ts')).toBe(true);
    expect(compiled('grading/support.ts')).toBe(true);
    expect(compiled('grading/t2.test.ts')).toBe(true);
    expect(compiled('grading/broken.ts')).toBe(false);
    const packages = [...graph.idToModuleMap.keys()].filter((id) => id.includes('/node_modules/'));
    expect(packages).toEqual([]);
  } finally {
    await vitest.close();
  }
});
