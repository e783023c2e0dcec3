// The static checks of a chapter: everything that can be verified without running code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Chapter } from '../course/chapters.ts';
import { listMutants } from '../course/mutants.ts';
import { headingAnchors } from '../course/slug.ts';

export interface CheckResult {
  name: string;
  problems: string[];
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

export function staticChecks(chapter: Chapter): CheckResult[] {
  const { dir, meta } = chapter;
  const readmePath = path.join(dir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const anchors = new Set(headingAnchors(readme));
  const srcFiles = filesUnder(path.join(dir, 'src'));
  const solutionFiles = filesUnder(path.join(dir, 'solution'));
  const stubText = meta.learnerFiles.map((f) => (srcFiles.includes(f) ? readFileSync(path.join(dir, 'src', f), 'utf8') : '')).join('\n');

  const lesson: string[] = [];
  if (!readme) lesson.push('README.md is missing or empty');
  for (const task of meta.tasks) {
    if (!anchors.has(task.lesson)) lesson.push(`${task.id}: README.md has no heading with anchor #${task.lesson}`);
  }

  const files: string[] = [];
  for (const [name, entry] of Object.entries(meta.entries)) {
    if (!srcFiles.includes(entry)) files.push(`the entry point "${name}" (src/${entry}) does not exist`);
  }
  for (const file of meta.learnerFiles) {
    if (!srcFiles.includes(file)) files.push(`learner file src/${file} does not exist`);
    if (!solutionFiles.includes(file)) files.push(`learner file ${file} has no reference in solution/`);
  }
  for (const file of solutionFiles) {
    if (!meta.learnerFiles.includes(file)) files.push(`solution/${file} is not a declared learner file (stray file)`);
  }

  const markers: string[] = [];
  for (const task of meta.tasks) {
    if (!stubText.includes(`TODO(${task.id})`)) markers.push(`no stub has a TODO(${task.id}) marker`);
  }
  for (const file of meta.learnerFiles) {
    if (srcFiles.includes(file) && !readFileSync(path.join(dir, 'src', file), 'utf8').includes('TODO(T')) markers.push(`src/${file} has no TODO(Tn) marker`);
    if (solutionFiles.includes(file) && readFileSync(path.join(dir, 'solution', file), 'utf8').includes('TODO(')) markers.push(`solution/${file} still has a TODO marker`);
  }
  for (const task of meta.tasks) {
    if (task.hint.trim().length < 20) markers.push(`${task.id}: the hint is too short to help`);
  }

  const mutants: string[] = [];
  try {
    if (listMutants(chapter).length < 3) mutants.push('fewer than three mutants in mutants/ (plausible wrong implementations)');
  } catch (error) {
    mutants.push((error as Error).message);
  }

  return [
    { name: 'every task links to a heading of the lesson', problems: lesson },
    { name: 'learner files have stubs and references, and nothing else is in solution/', problems: files },
    { name: 'stubs carry TODO(Tn) markers for every task; references carry none; hints are real', problems: markers },
    { name: 'mutants are declared properly', problems: mutants },
  ];
}
