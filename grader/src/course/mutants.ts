// Mutants: plausible wrong implementations of a chapter, each a small patch over the reference
// in `mutants/*.patch`. The patch's header says which tasks it must lose, and why:
//
//   Mutant: the store ignores DATA_DIR
//   Breaks: T5
//   Why: keeping the database in the working directory loses the data of a moved instance.
//
//   --- a/store.ts
//   +++ b/store.ts
//   @@ ...
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chapter } from './chapters.ts';

export interface Mutant {
  name: string;
  title: string;
  breaks: string[];
  why: string;
  patch: string;
}

export class MutantError extends Error {}

function header(text: string, field: string): string | undefined {
  return new RegExp(`^${field}:\\s*(.+)$`, 'm').exec(text.split(/^--- /m)[0] ?? '')?.[1]?.trim();
}

export function listMutants(chapter: Chapter): Mutant[] {
  const dir = path.join(chapter.dir, 'mutants');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.patch'))
    .sort()
    .map((file) => {
      const patch = readFileSync(path.join(dir, file), 'utf8');
      const breaks = header(patch, 'Breaks')?.split(/[\s,]+/).filter(Boolean) ?? [];
      const unknown = breaks.filter((id) => !chapter.meta.tasks.some((t) => t.id === id));
      if (breaks.length === 0) throw new MutantError(`mutants/${file} has no "Breaks: T<n>" line`);
      if (unknown.length > 0) throw new MutantError(`mutants/${file} breaks undeclared task(s): ${unknown.join(', ')}`);
      return {
        name: file.replace(/\.patch$/, ''),
        title: header(patch, 'Mutant') ?? file,
        breaks,
        why: header(patch, 'Why') ?? '',
        patch,
      };
    });
}
