// Transpiles a learner's code folder once per grading run (esbuild, the compiler tsx uses), so
// that each process the suites start runs plain JavaScript. A file that does not compile
// becomes a module that throws the compiler's message: the process fails at start with it,
// exactly as it would under tsx.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes('node_modules'));
}

export async function compileCode(codeDir: string, outDir: string): Promise<void> {
  await Promise.all(
    tsFiles(codeDir).map(async (file) => {
      const target = path.join(outDir, path.relative(codeDir, file).replace(/\.ts$/, '.js'));
      mkdirSync(path.dirname(target), { recursive: true });
      let js: string;
      try {
        const result = await transform(readFileSync(file, 'utf8'), {
          loader: 'ts',
          format: 'esm',
          target: 'node20',
          sourcemap: 'inline',
          sourcefile: file,
        });
        js = result.code;
      } catch (error) {
        const message = `${path.basename(file)} does not compile: ${(error as Error).message}`;
        js = `throw new SyntaxError(${JSON.stringify(message)});\n`;
      }
      writeFileSync(target, js);
    }),
  );
}
