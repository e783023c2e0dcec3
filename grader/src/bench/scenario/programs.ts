// Starting a chapter's programs for a scenario: an entry point of chapter.json on a free
// loopback port (stack.ts), its URL back; and a few chirps so that pages are not empty.
import type { ChildProcess } from 'node:child_process';
import { freePort, scratchDir, startEntry } from '../stack.ts';
import type { ScenarioContext } from './types.ts';

export interface Program {
  url: string;
  process: ChildProcess;
}

export async function startProgram(context: ScenarioContext, entry: string, env: Record<string, string> = {}): Promise<Program> {
  const file = context.entries[entry];
  if (!file) throw new Error(`chapter.json declares no entry point "${entry}"`);
  const port = await freePort();
  const child = await startEntry(context.codeDir, file, { PORT: String(port), DATA_DIR: scratchDir('data'), INSTANCE_ID: `${entry}-${port}`, ...env }, { quiet: true });
  return { url: `http://127.0.0.1:${port}`, process: child };
}

/** Posts `count` chirps, one after the other; a refusal is an error with the answer in it. */
export async function seedChirps(base: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/api/chirps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ author: `bench_${i % 10}`, text: `chirp number ${i}, a few words long like a real one` }),
    });
    if (res.status !== 201) throw new Error(`seeding chirps: POST ${base}/api/chirps answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
}
