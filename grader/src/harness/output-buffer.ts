// Captures a child's stdout and stderr, interleaved, without letting a chatty program exhaust
// memory: only the most recent bytes are kept, and the tail says when older output was dropped.

export interface OutputTail {
  text: string;
  /** True when earlier output was dropped to respect the cap. */
  truncated: boolean;
  totalBytes: number;
}

export class OutputBuffer {
  private chunks: Buffer[] = [];
  private keptBytes = 0;
  private total = 0;

  constructor(private readonly capBytes = 256 * 1024) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.keptBytes += chunk.length;
    while (this.keptBytes > this.capBytes && this.chunks.length > 1) {
      this.keptBytes -= this.chunks.shift()!.length;
    }
  }

  get totalBytes(): number {
    return this.total;
  }

  /** The last `maxBytes` of output as text (a split UTF-8 character at the cut is dropped). */
  tail(maxBytes = 4096): OutputTail {
    const all = Buffer.concat(this.chunks);
    const start = Math.max(0, all.length - maxBytes);
    let text = all.subarray(start).toString('utf8');
    if (start > 0) text = text.replace(/^\uFFFD+/, '');
    return { text, truncated: start > 0 || this.total > all.length, totalBytes: this.total };
  }
}
