// Provided · Who this node is right now: its role, its epoch and, on a follower, its leader.
// They change at run time (a promotion, a re-point, a step-down) and are durable in the
// `node_state` row, so a node killed and restarted still knows the newest epoch it has seen:
// that is what lets it refuse an older one (T3). main.ts listens to changes to start or stop
// the follower loop. Lesson: README.md, "T3 · Epochs and fencing".
import type { Role } from './config.ts';
import type { Db } from './database.ts';

export interface NodeSnapshot {
  role: Role;
  epoch: number;
  /** The leader a follower replicates from; null on a leader, or on a follower that stepped down and was not told whom to follow. */
  leader: string | null;
}

export class NodeState {
  private state: NodeSnapshot;
  private readonly listeners = new Set<(now: NodeSnapshot, before: NodeSnapshot) => void>();
  private readonly save;

  /** Loads the saved state, or saves `initial` for a new node (ROLE and LEADER_URL). */
  constructor(db: Db, initial: NodeSnapshot) {
    this.save = db.prepare(
      'INSERT INTO node_state (id, role, epoch, leader) VALUES (1, @role, @epoch, @leader) ON CONFLICT (id) DO UPDATE SET role = excluded.role, epoch = excluded.epoch, leader = excluded.leader',
    );
    // The row's columns are exactly a NodeSnapshot's fields.
    const row = db.prepare('SELECT role, epoch, leader FROM node_state WHERE id = 1').get() as NodeSnapshot | undefined;
    this.state = row ?? initial;
    if (!row) this.save.run(initial);
  }

  get role(): Role {
    return this.state.role;
  }

  get epoch(): number {
    return this.state.epoch;
  }

  get leader(): string | null {
    return this.state.leader;
  }

  get isLeader(): boolean {
    return this.state.role === 'leader';
  }

  snapshot(): NodeSnapshot {
    return { ...this.state };
  }

  /** Becomes the leader of `epoch`. The fence (T3) decides whether that is allowed. */
  promote(epoch: number): void {
    this.set({ role: 'leader', epoch, leader: null });
  }

  /** Becomes a follower of `leader` in `epoch`. The fence (T3) decides whether that is allowed. */
  follow(leader: string, epoch: number): void {
    this.set({ role: 'follower', epoch, leader });
  }

  /**
   * Someone has seen a newer epoch: remember it. A leader steps down (a follower of nobody
   * until the monitor says whom to follow); a follower keeps its leader.
   */
  adopt(epoch: number): void {
    if (epoch <= this.state.epoch) return;
    this.set(this.state.role === 'leader' ? { role: 'follower', epoch, leader: null } : { ...this.state, epoch });
  }

  /** Calls `listener` after every change, with the new and the old state. */
  onChange(listener: (now: NodeSnapshot, before: NodeSnapshot) => void): void {
    this.listeners.add(listener);
  }

  private set(next: NodeSnapshot): void {
    const before = this.state;
    // Saved before anyone acts on it: once a node has said "I know epoch n", a crash must not
    // make it forget (the write is one small synchronous transaction, FULL sync).
    this.save.run(next);
    this.state = next;
    if (next.role !== before.role || next.epoch !== before.epoch || next.leader !== before.leader) {
      console.log(`chirp-node: now ${next.role} in epoch ${next.epoch}${next.role === 'follower' ? ` (leader: ${next.leader ?? 'unknown'})` : ''}`);
      for (const listener of this.listeners) listener(next, before);
    }
  }
}
