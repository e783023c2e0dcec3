import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputBuffer } from '../../src/harness/output-buffer.ts';
import { pollUntil } from '../../src/harness/poll.ts';
import { reclaimStaleLocks } from '../../src/harness/ports.ts';
import { Random } from '../../src/harness/random.ts';

describe('OutputBuffer', () => {
  it('keeps the newest bytes within its cap and says when it dropped some', () => {
    const buffer = new OutputBuffer(1000);
    for (let i = 0; i < 100; i++) buffer.push(Buffer.from(`line ${i}\n`.padEnd(50, '.')));
    const tail = buffer.tail(200);
    expect(tail.totalBytes).toBe(5000);
    expect(tail.truncated).toBe(true);
    expect(tail.text.endsWith('line 99\n'.padEnd(50, '.'))).toBe(true);
    expect(new OutputBuffer().tail().truncated).toBe(false);
  });
});

describe('Random', () => {
  it('gives the same values for the same seed and label, and others for another', () => {
    const draw = (seed: number, label: string) => Array.from({ length: 5 }, () => new Random(seed).fork(label).int(0, 1e9));
    expect(draw(7, 'T1')).toEqual(draw(7, 'T1'));
    expect(draw(7, 'T1')).not.toEqual(draw(8, 'T1'));
    const rng = new Random(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(2, 5);
      expect(n >= 2 && n <= 5).toBe(true);
    }
  });
});

describe('pollUntil', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    expect(await pollUntil(() => (++calls >= 3 ? 'ready' : undefined), { what: 'x', timeoutMs: 1000 })).toBe('ready');
  });

  it('names what it waited for and quotes the last error at the deadline', async () => {
    await expect(
      pollUntil(
        () => {
          throw new Error('still booting');
        },
        { what: 'the replica to catch up', timeoutMs: 100 },
      ),
    ).rejects.toThrow('timed out after 0.1 s waiting for the replica to catch up (last attempt: still booting)');
  });
});

describe('port locks', () => {
  it('a lock left by a dead process is removed after a run, a live one is kept', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const dir = path.join(os.tmpdir(), 'scaling-lab-ports');
    mkdirSync(dir, { recursive: true });
    const stale = path.join(dir, '19999');
    const live = path.join(dir, '19998');
    writeFileSync(stale, dead);
    writeFileSync(live, String(process.pid));
    reclaimStaleLocks();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    unlinkSync(live);
  });
});
