// The checkers on hand-made histories: each verdict, each info-outcome edge case.
import { describe, expect, it } from 'vitest';
import { checkConvergence } from '../../src/harness/faults/convergence-checker.ts';
import { checkOneWriterPerEpoch } from '../../src/harness/faults/epoch-checker.ts';
import { checkMonotonicReads, checkReadYourWrites } from '../../src/harness/faults/session-checkers.ts';
import { checkSet } from '../../src/harness/faults/set-checker.ts';
import { handMade } from './hand-made-history.ts';

const finalRead = (node: string, result: string[], at = 100) => ({ process: 'final', op: 'final-read', from: at, to: at + 1, node, result });

describe('checkSet', () => {
  it('passes when every acknowledged write is on every node', () => {
    const history = handMade([
      { process: 'c1', op: 'write', value: 'a', from: 0, to: 5, node: 'n1' },
      { process: 'c2', op: 'write', value: 'b', from: 1, to: 6, node: 'n1' },
      finalRead('n1', ['a', 'b']),
      finalRead('n2', ['b', 'a']),
    ]);
    expect(checkSet(history)).toMatchObject({ valid: true, problems: [], counts: { attempted: 2, acknowledged: 2, lost: 0, finalReads: 2 } });
  });

  it('names a lost acknowledged write: the op, the node that lost it, the time', () => {
    const history = handMade([{ process: 'c1', op: 'write', value: 'a', from: 0, to: 1500, node: 'n1' }, finalRead('n1', ['a']), finalRead('n2', [], 2000)]);
    const result = checkSet(history);
    expect(result.valid).toBe(false);
    expect(result.counts.lost).toBe(1);
    expect(result.problems[0]).toBe(`lost write: op #0 (c1 write "a", ok at 1.500 s from n1) is missing from n2's final read op #2 (final final-read, ok at 2.001 s from n2)`);
  });

  it('an info write may be present or absent; a failed write must not be present', () => {
    const ops = [
      { process: 'c1', op: 'write', value: 'maybe-here', from: 0, to: 9, outcome: 'info' as const },
      { process: 'c1', op: 'write', value: 'maybe-gone', from: 10, to: 19, outcome: 'info' as const },
      { process: 'c2', op: 'write', value: 'never-answered', from: 0 },
    ];
    expect(checkSet(handMade([...ops, finalRead('n1', ['maybe-here', 'never-answered'])]))).toMatchObject({ valid: true, counts: { unknown: 3, unknownPresent: 2, unknownAbsent: 1 } });
    const failed = checkSet(handMade([{ process: 'c1', op: 'write', value: 'no', from: 0, to: 9, outcome: 'fail', node: 'n2' }, finalRead('n1', ['no'])]));
    expect(failed).toMatchObject({ valid: false, counts: { failedPresent: 1 } });
    expect(failed.problems[0]).toMatch(/contains "no", whose write failed: op #0 .*fail at 0.009 s from n2/);
  });

  it('flags values nobody wrote, and deleted values that came back', () => {
    const history = handMade([
      { process: 'c1', op: 'write', value: 'a', from: 0, to: 1 },
      { process: 'c1', op: 'delete', value: 'a', from: 2, to: 3 },
      { process: 'c1', op: 'write', value: 'b', from: 4, to: 5 },
      { process: 'c2', op: 'delete', value: 'b', from: 6, to: 7, outcome: 'info' },
      finalRead('n1', ['a', 'ghost']),
    ]);
    const result = checkSet(history);
    expect(result.counts).toMatchObject({ unexpected: 1, deletedPresent: 1, lost: 0 });
    expect(result.problems.join('\n')).toMatch(/"ghost", which no client ever wrote/);
    expect(result.problems.join('\n')).toMatch(/"a", deleted after its write by op #1/);
  });

  it('needs a final read from each listed node', () => {
    const result = checkSet(handMade([finalRead('n1', [])]), { nodes: ['n1', 'n2'] });
    expect(result).toMatchObject({ valid: false, problems: ['node n2 has no successful final-read: nothing to check its content against'] });
    expect(checkSet([]).valid).toBe(false);
  });

  it('keeps the first ten problems and counts the rest', () => {
    const writes = Array.from({ length: 25 }, (_, i) => ({ process: 'c1', op: 'write', value: `v${i}`, from: i, to: i + 0.5 }));
    const result = checkSet(handMade([...writes, finalRead('n1', [])]));
    expect(result.problems).toHaveLength(11);
    expect(result.problems.at(-1)).toBe('... and 15 more');
    expect(result.counts).toMatchObject({ lost: 25, problems: 25 });
  });
});

describe('checkReadYourWrites', () => {
  const write = { process: 'c1', op: 'write', value: 'mine', from: 0, to: 10, node: 'n1', position: 5 };

  it('a read with the token after an ok write must see it', () => {
    const stale = handMade([write, { process: 'c1', op: 'read', from: 20, to: 30, token: 5, node: 'n2', result: [] }]);
    const result = checkReadYourWrites(stale);
    expect(result).toMatchObject({ valid: false, counts: { checked: 1, violations: 1 } });
    expect(result.problems[0]).toMatch(/op #1 \(c1 read, ok at 0.030 s from n2\) does not see the client's own op #0/);
    expect(checkReadYourWrites(handMade([write, { process: 'c1', op: 'read', from: 20, to: 30, token: 5, node: 'n2', result: ['mine'] }])).valid).toBe(true);
  });

  it('ignores reads without a token, other clients, overlapping and uncertain writes, and what was not asked for', () => {
    const history = handMade([
      write,
      { process: 'c1', op: 'write', value: 'unsure', from: 11, to: 12, outcome: 'info' },
      { process: 'c1', op: 'write', value: 'overlapping', from: 13, to: 25 },
      { process: 'c1', op: 'read', from: 20, to: 30, node: 'n2', result: [] },
      { process: 'c2', op: 'read', from: 20, to: 30, token: 1, node: 'n2', result: [] },
      { process: 'c1', op: 'read', value: 'other', from: 31, to: 32, token: 5, node: 'n2', result: [] },
    ]);
    expect(checkReadYourWrites(history)).toMatchObject({ valid: true, counts: { reads: 3, withoutToken: 1, checked: 2 } });
    expect(checkReadYourWrites(history, { tokenRequired: false }).valid).toBe(false);
  });

  it('excuses a write that a delete (even an unknown one) may have removed', () => {
    const history = handMade([write, { process: 'c2', op: 'delete', value: 'mine', from: 12, to: 40, outcome: 'info' }, { process: 'c1', op: 'read', from: 20, to: 30, token: 5, result: [] }]);
    expect(checkReadYourWrites(history).valid).toBe(true);
  });
});

describe('checkMonotonicReads', () => {
  it("flags a client's read that goes back in the log, whichever node answers", () => {
    const history = handMade([
      { process: 'c1', op: 'read', from: 0, to: 1, node: 'n1', position: 9 },
      { process: 'c1', op: 'read', from: 2, to: 3, node: 'n2', position: 9 },
      { process: 'c1', op: 'read', from: 4, to: 5, node: 'n3', position: 4 },
      { process: 'c2', op: 'read', from: 4, to: 5, node: 'n3', position: 4 },
      { process: 'c1', op: 'read', from: 6, to: 7, node: 'n3', outcome: 'info' },
    ]);
    const result = checkMonotonicReads(history);
    expect(result).toMatchObject({ valid: false, counts: { reads: 4, violations: 1 } });
    expect(result.problems[0]).toMatch(/op #2 .* from n3\) is at position 4, behind op #1 .* from n2\) at 9/);
  });

  it('can order by epoch first, for positions that restart in each epoch', () => {
    const history = handMade([
      { process: 'c1', op: 'read', from: 0, to: 1, node: 'n1', position: 9, epoch: 1 },
      { process: 'c1', op: 'read', from: 2, to: 3, node: 'n2', position: 2, epoch: 2 },
    ]);
    expect(checkMonotonicReads(history).valid).toBe(false);
    expect(checkMonotonicReads(history, { order: 'epoch-then-position' }).valid).toBe(true);
  });
});

describe('checkOneWriterPerEpoch', () => {
  it('passes one writer per epoch across a failover, flags two', () => {
    const good = handMade([
      { process: 'c1', op: 'write', value: 'a', from: 0, to: 1, node: 'n1', epoch: 1 },
      { process: 'c2', op: 'write', value: 'b', from: 2, to: 3, node: 'n2', epoch: 2 },
      { process: 'c2', op: 'write', value: 'c', from: 2, to: 3, node: 'n1', epoch: 2, outcome: 'fail' },
      { process: 'c2', op: 'write', value: 'd', from: 2, to: 3, node: 'n3', epoch: 2, outcome: 'info' },
    ]);
    expect(checkOneWriterPerEpoch(good)).toMatchObject({ valid: true, counts: { epochs: 2, writes: 2 } });
    const split = handMade([
      { process: 'c1', op: 'write', value: 'a', from: 0, to: 1000, node: 'n1', epoch: 3 },
      { process: 'c2', op: 'delete', value: 'a', from: 0, to: 2000, node: 'n2', epoch: 3 },
    ]);
    const result = checkOneWriterPerEpoch(split);
    expect(result).toMatchObject({ valid: false, counts: { splitEpochs: 1 } });
    expect(result.problems[0]).toMatch(/two writers in epoch 3: op #0 .*from n1\) and op #1 .*from n2\)/);
  });
});

describe('checkConvergence', () => {
  const rows = [{ id: 1, text: 'a' }, { id: 2, text: 'b' }, { id: 3, text: 'c' }];
  it('passes equal rows or checksums', () => {
    expect(checkConvergence('n1', { n1: { rows }, n2: { rows: [...rows] }, n3: { rows, checksum: 'x' } })).toMatchObject({ valid: true, counts: { nodes: 2 } });
    expect(checkConvergence('n1', { n1: { checksum: 'abc' }, n2: { checksum: 'abc' } }).valid).toBe(true);
  });

  it('shows the first differing row and what is missing or extra', () => {
    const result = checkConvergence('n1', { n1: { rows }, n2: { rows: [rows[0], { id: 2, text: 'B' }] }, n3: { checksum: 'x' } });
    expect(result.counts).toMatchObject({ differing: 2 });
    expect(result.problems[0]).toBe(
      'n2 differs from leader n1: 2 rows, leader has 3; first difference at row 1: leader {"id":2,"text":"b"}, n2 {"id":2,"text":"B"}; 2 missing (first {"id":2,"text":"b"}), 1 extra (first {"id":2,"text":"B"})',
    );
    expect(result.problems[1]).toMatch(/n3 cannot be compared/);
    expect(checkConvergence('n1', { n1: { rows }, n2: { rows: [...rows, { id: 4 }] } }).problems[0]).toMatch(/first difference at row 3: leader \(no row\), n2 \{"id":4\}/);
    expect(checkConvergence('n1', { n1: { checksum: 'a' }, n2: { checksum: 'b' } }).problems).toEqual(["n2 differs from leader n1: checksum b, leader's a"]);
  });
});
