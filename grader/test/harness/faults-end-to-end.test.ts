// The pieces together, as a chapter 05 suite would use them: a seeded workload through a real
// fault proxy to a node, a nemesis that drops the node's answers mid-run, a history, the set
// checker, and a timeline written when the check fails.
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../../src/harness/faults/fault-proxy.ts';
import { type ClientEvent, History } from '../../src/harness/faults/history.ts';
import { operations } from '../../src/harness/faults/operations.ts';
import { completionFromResponse } from '../../src/harness/faults/outcomes.ts';
import { checkSet } from '../../src/harness/faults/set-checker.ts';
import { writeTimeline } from '../../src/harness/faults/timeline.ts';
import { generateWorkload, type PlannedOp, runWorkload } from '../../src/harness/faults/workload.ts';
import { request } from '../../src/harness/http-client.ts';
import { pollUntil } from '../../src/harness/poll.ts';
import { allocatePort } from '../../src/harness/ports.ts';
import { Random } from '../../src/harness/random.ts';

// A one-node "store" in this process: a set of values over HTTP.
const values = new Set<string>();
/** Every value the node ever received, deleted or not. */
const received = new Set<string>();
let nodePort: number;
let node: http.Server;
beforeAll(async () => {
  nodePort = await allocatePort();
  node = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST') values.add(body) && received.add(body);
      if (req.method === 'DELETE') values.delete(decodeURIComponent(req.url!.slice('/items/'.length)));
      res.writeHead(200, { 'content-type': 'application/json', 'x-chirp-node': 'n1', 'x-chirp-position': String(values.size) });
      res.end(JSON.stringify([...values]));
    });
  });
  await new Promise<void>((resolve) => node.listen(nodePort, '127.0.0.1', resolve));
});
afterAll(() => {
  node.closeAllConnections();
  node.close();
});

describe('a workload under faults, judged from its history', () => {
  it('writes whose answers were lost are info: present or not, the set check passes', async () => {
    const history = new History();
    const proxy = await FaultProxy.start({ target: nodePort, name: 'n1', history });
    try {
      const plan = generateWorkload(new Random(3), { mix: { write: 0.6, read: 0.3, delete: 0.1 }, count: 90, processes: 3 });
      const execute = async (op: PlannedOp) => {
        const path = op.op === 'delete' ? `/items/${encodeURIComponent(op.value!)}` : '/items';
        const method = { write: 'POST', read: 'GET', delete: 'DELETE' }[op.op];
        const res = await request(`${proxy.url}${path}`, { method, body: op.op === 'write' ? op.value : undefined, timeoutMs: 300 });
        return completionFromResponse(res, op.op === 'read' ? res.json() : undefined);
      };
      const nemesis = async () => {
        await pollUntil(() => history.events.length >= 40, { what: '20 operations', timeoutMs: 10_000 });
        await proxy.drop('from-target');
        const unanswered = () => history.events.filter((e): e is ClientEvent => e.type === 'info');
        await pollUntil(() => unanswered().length >= 3 && unanswered().some((e) => e.op === 'write'), { what: 'unanswered writes', timeoutMs: 10_000 });
        await proxy.heal();
      };
      await Promise.all([runWorkload(plan, { history, execute, timeLimitMs: 20_000 }), nemesis()]);
      // After the faults, read the node's content directly.
      await history.run('final', { op: 'final-read' }, async () => {
        const res = await request(`http://127.0.0.1:${nodePort}/items`);
        return completionFromResponse(res, res.json());
      });

      const result = checkSet(history);
      if (!result.valid) console.log(`timeline: ${writeTimeline(history, os.tmpdir(), 'end-to-end', { checks: { set: result } })}`);
      expect(result.problems).toEqual([]);
      expect(result.counts.unknown).toBeGreaterThanOrEqual(1);
      // The node applied writes it could not acknowledge: the reason info is not fail.
      const unknownWrites = operations(history).filter((op) => op.op === 'write' && op.outcome === 'info');
      expect(unknownWrites.some((op) => received.has(op.value as string))).toBe(true);
      expect(history.events.filter((e) => e.type === 'nemesis').map((e) => (e.type === 'nemesis' ? e.kind : ''))).toEqual(['partition', 'heal']);
    } finally {
      await proxy.stop();
    }
  });
});
