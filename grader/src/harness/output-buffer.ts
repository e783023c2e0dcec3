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

  /**
   * The last `maxBytes` of output as text (a split UTF-8 character at the cut is dropped); with
   * `sinceByte` (a `totalBytes` read earlier), only what was printed after that point.
   */
  tail(maxBytes = 4096, sinceByte = 0): OutputTail {
    const all = Buffer.concat(this.chunks);
    const firstKept = this.total - all.length;
    const windowStart = Math.max(0, sinceByte - firstKept);
    const start = Math.max(windowStart, all.length - maxBytes);
    let text = all.subarray(start).toString('utf8');
    if (start > 0) text = text.replace(/^\uFFFD+/, '');
    // Truncated: some of the asked-for output is missing (cut here, or dropped by the cap).
    return { text, truncated: start > windowStart || sinceByte < firstKept, totalBytes: this.total };
  }
}

/** The most telling line of some output: the last that looks like an error, else the last line. */
export function tellingLine(text: string): string | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.findLast((line) => /\b\w*(Error|Exception)\b|^error\b|:\s*error|\bfatal\b/i.test(line)) ?? lines.at(-1);
}
