// Provided · where a monitor keeps its vote (T6): one small JSON file, DATA_DIR/monitor-vote.json.
// A vote must outlive the process: a monitor that forgot it had voted in epoch 7 could vote again
// in epoch 7 after a restart, and two candidates could both count a majority. So save() returns
// only once the file is on disk (written beside, flushed, then renamed over the old one: a crash
// leaves the old vote or the new one, never half of either).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@scaling-lab/chirp';

/** The last vote a monitor gave: for `candidate`, in `epoch`. */
export interface VoteRecord {
  epoch: number;
  candidate: string;
}

export interface VoteStore {
  /** The saved vote, or null if this monitor has never voted. */
  load(): VoteRecord | null;
  /** Saves `record` durably, replacing the previous one. */
  save(record: VoteRecord): void;
}

export class FileVoteStore implements VoteStore {
  private readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'monitor-vote.json');
  }

  load(): VoteRecord | null {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      record = undefined;
    }
    const { epoch, candidate } = (record ?? {}) as Partial<VoteRecord>;
    if (!Number.isSafeInteger(epoch) || typeof candidate !== 'string') {
      // Refuse to start rather than guess: forgetting a vote is how a monitor votes twice.
      throw new ConfigError(`${this.file} is not a saved vote ({"epoch": n, "candidate": "..."}); move it away only if you know this monitor never voted`);
    }
    return { epoch: epoch!, candidate };
  }

  save(record: VoteRecord): void {
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(record));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }
}
