// Convergence: once writes stop and faults heal, every node's content equals the leader's.
// Compared by row lists when both sides have them (then the message shows the first
// difference), else by checksum.
import { type CheckResult, keyOf, Problems, show } from './operations.ts';

export interface NodeContent {
  /** The rows in a stable order (e.g. ORDER BY id). */
  rows?: readonly unknown[];
  checksum?: string;
}

export function checkConvergence(leader: string, nodes: Record<string, NodeContent>): CheckResult {
  const problems = new Problems();
  const counts = { nodes: 0, differing: 0 };
  const reference = nodes[leader];
  if (!reference) {
    problems.add(`no content for the leader ${leader}`);
    return problems.result(counts);
  }
  for (const [node, content] of Object.entries(nodes)) {
    if (node === leader) continue;
    counts.nodes++;
    const difference = reference.rows && content.rows ? diffRows(leader, reference.rows, node, content.rows) : diffChecksums(leader, reference, node, content);
    if (difference) {
      counts.differing++;
      problems.add(difference);
    }
  }
  return problems.result(counts);
}

function diffChecksums(leader: string, a: NodeContent, node: string, b: NodeContent): string | undefined {
  if (a.checksum === undefined || b.checksum === undefined) return `${node} cannot be compared with leader ${leader}: give both rows or both checksums`;
  return a.checksum === b.checksum ? undefined : `${node} differs from leader ${leader}: checksum ${b.checksum}, leader's ${a.checksum}`;
}

function diffRows(leader: string, a: readonly unknown[], node: string, b: readonly unknown[]): string | undefined {
  const ka = a.map(keyOf);
  const kb = b.map(keyOf);
  const at = ka.findIndex((key, i) => key !== kb[i]);
  const first = at === -1 && kb.length > ka.length ? ka.length : at;
  if (first === -1) return undefined;
  const inB = new Set(kb);
  const inA = new Set(ka);
  const missing = a.filter((_, i) => !inB.has(ka[i]!));
  const extra = b.filter((_, i) => !inA.has(kb[i]!));
  const row = (rows: readonly unknown[]) => (first < rows.length ? show(rows[first]) : '(no row)');
  const parts = [
    `${node} differs from leader ${leader}: ${b.length} rows, leader has ${a.length}`,
    `first difference at row ${first}: leader ${row(a)}, ${node} ${row(b)}`,
    `${missing.length} missing${missing.length ? ` (first ${show(missing[0])})` : ''}, ${extra.length} extra${extra.length ? ` (first ${show(extra[0])})` : ''}`,
  ];
  return parts.join('; ');
}
