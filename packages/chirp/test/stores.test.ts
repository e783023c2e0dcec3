// Both stores answer the same way: newest first, cursors, author filters, deletes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AssetTable, type ChirpStore, hashedName, MemoryChirpStore, SqliteChirpStore } from '../src/index.ts';

async function exercise(store: ChirpStore): Promise<void> {
  const made = [];
  for (const [author, text] of [['ada', 'a1'], ['bob', 'b1'], ['ada', 'a2'], ['ada', 'a3']] as const) made.push(await store.create({ author, text }));
  const ids = (list: { id: number }[]) => list.map((c) => c.id);
  expect(ids(await store.list({ limit: 10 }))).toEqual(ids(made).reverse());
  expect(ids(await store.list({ author: 'ada', limit: 2 }))).toEqual([made[3]!.id, made[2]!.id]);
  expect(ids(await store.list({ author: 'ada', beforeId: made[2]!.id, limit: 10 }))).toEqual([made[0]!.id]);
  expect(await store.delete(made[1]!.id)).toBe(true);
  expect(await store.delete(made[1]!.id)).toBe(false);
  expect(await store.get(made[1]!.id)).toBeUndefined();
  expect((await store.get(made[0]!.id))?.text).toBe('a1');
}

describe('stores', () => {
  it('the memory store', () => exercise(new MemoryChirpStore()));

  it('the SQLite store, which counts its queries and keeps data across reopening', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'chirp-store-'));
    try {
      const store = SqliteChirpStore.open(dir);
      await exercise(store);
      expect(store.counters).toEqual({ gets: 2, lists: 3, creates: 4, deletes: 2 });
      store.close();
      const again = SqliteChirpStore.open(dir);
      expect((await again.list({ limit: 10 })).length).toBe(3);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('assets', () => {
  it('names a file by its bytes and points the page at a CDN when asked', () => {
    expect(hashedName('app.js', Buffer.from('x'))).toBe(hashedName('app.js', Buffer.from('x')));
    expect(hashedName('app.js', Buffer.from('x'))).not.toBe(hashedName('app.js', Buffer.from('y')));
    const table = new AssetTable('<script src="/static/app.js"></script>', [{ name: 'app.js', hashedName: 'app.0123456789abcdef.js', bytes: Buffer.from('x'), type: 'text/javascript' }]);
    expect(table.renderPage().toString()).toContain('"/static/app.0123456789abcdef.js"');
    expect(table.renderPage('http://127.0.0.1:8080').toString()).toContain('"http://127.0.0.1:8080/assets/app.0123456789abcdef.js"');
  });
});
