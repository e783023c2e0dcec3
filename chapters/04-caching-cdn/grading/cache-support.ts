// Helpers for the cache server's hidden suite (T1-T3): start the learner's cache, and talk to it
// with a raw RESP client that controls exactly which bytes go out in which write (whole frames,
// one byte at a time, a hundred commands at once, garbage), or with the real ioredis client.
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { check, excerpt, LabFailure, type LearnerApp, startLearnerApp } from '@scaling-lab/grader/harness';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';

export const LESSON = {
  T1: 'README.md, section "T1 · Speaking RESP"',
  T2: 'README.md, section "T2 · Keys and expiry"',
  T3: 'README.md, section "T3 · A memory bound, LRU and stats"',
} as const;

/** The per-entry cost the lesson defines: key bytes + value bytes + 64 (both as sent: UTF-8 here). */
export const ENTRY_OVERHEAD = 64;
export const entryBytes = (key: string, value: string | Buffer): number => Buffer.byteLength(key) + Buffer.byteLength(value) + ENTRY_OVERHEAD;

const REPLY_TIMEOUT_MS = 3000;

export function startCache(env: Record<string, string> = {}): Promise<LearnerApp> {
  return startLearnerApp({ entry: 'cache', name: 'your cache server', env });
}

export type Reply =
  | { type: 'simple' | 'error'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; value: Buffer | null }
  | { type: 'array'; value: Reply[] | null };

/** A reply as a learner would read it in redis-cli terms. */
export function show(reply: Reply | undefined): string {
  if (reply === undefined) return '(no reply)';
  switch (reply.type) {
    case 'simple': return `+${reply.value}`;
    case 'error': return `-${reply.value}`;
    case 'integer': return `:${reply.value}`;
    case 'bulk': return reply.value === null ? '(nil)' : JSON.stringify(excerpt(reply.value.toString('latin1'), 80));
    case 'array': return reply.value === null ? '(nil array)' : `[${reply.value.map(show).join(', ')}]`;
  }
}

/** One command as the bytes a client sends: *N then N bulk strings. */
export function frame(...args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `at`; undefined when incomplete. Throws on bytes that are not RESP. */
function parseReply(data: Buffer, at: number): [Reply, number] | undefined {
  if (at >= data.length) return undefined;
  const cr = data.indexOf('\r\n', at);
  if (cr === -1) return undefined;
  const type = String.fromCharCode(data[at]!);
  const line = data.toString('latin1', at + 1, cr);
  const next = cr + 2;
  if (type === '+') return [{ type: 'simple', value: line }, next];
  if (type === '-') return [{ type: 'error', value: line }, next];
  if (type === ':' && /^-?\d+$/.test(line)) return [{ type: 'integer', value: Number(line) }, next];
  if (type === '$' && /^-?\d+$/.test(line)) {
    const length = Number(line);
    if (length < 0) return [{ type: 'bulk', value: null }, next];
    if (data.length < next + length + 2) return undefined;
    if (data.toString('latin1', next + length, next + length + 2) !== '\r\n') throw new Error(`a bulk string of ${length} bytes is not followed by \\r\\n`);
    return [{ type: 'bulk', value: Buffer.from(data.subarray(next, next + length)) }, next + length + 2];
  }
  if (type === '*' && /^-?\d+$/.test(line)) {
    const count = Number(line);
    if (count < 0) return [{ type: 'array', value: null }, next];
    const items: Reply[] = [];
    let pos = next;
    for (let i = 0; i < count; i++) {
      const item = parseReply(data, pos);
      if (!item) return undefined;
      items.push(item[0]);
      pos = item[1];
    }
    return [{ type: 'array', value: items }, pos];
  }
  throw new Error(`not a RESP reply: ${JSON.stringify(data.toString('latin1', at, Math.min(data.length, at + 60)))}`);
}

/** A raw TCP connection to the cache: the test decides every byte and every write boundary. */
export class RespConnection {
  private buffer = Buffer.alloc(0);
  private readonly replies: Reply[] = [];
  private badBytes: string | undefined;
  closed = false;
  private wake: () => void = () => {};

  private constructor(private readonly socket: net.Socket, readonly what: string) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      try {
        for (let parsed = parseReply(this.buffer, 0); parsed; parsed = parseReply(this.buffer, 0)) {
          this.replies.push(parsed[0]);
          this.buffer = this.buffer.subarray(parsed[1]);
        }
      } catch (error) {
        this.badBytes = (error as Error).message;
      }
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(port: number, what = 'a connection'): Promise<RespConnection> {
    const socket = net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error) => reject(new LabFailure(`cannot connect to your cache server on 127.0.0.1:${port}: ${error.message}`)));
    });
    const connection = new RespConnection(socket, what);
    onTestFinished(() => connection.close());
    return connection;
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Sends `bytes` in the given pieces, pausing between writes so each arrives on its own. */
  async writeInPieces(bytes: Buffer, cuts: readonly number[]): Promise<void> {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (cut <= from) continue;
      this.socket.write(bytes.subarray(from, cut));
      from = cut;
      await delay(2);
    }
  }

  /** The next `count` replies, in order; fails with a message naming `action` if they do not come. */
  async read(count: number, action: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<Reply[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length < count) {
      if (this.badBytes) throw new LabFailure(`${action}: your cache server answered bytes that are not RESP: ${this.badBytes} (${LESSON.T1})`);
      const got = this.replies.map(show).join(', ') || 'nothing';
      if (this.closed) throw new LabFailure(`${action}: expected ${count} replies, but the server closed the connection after ${got} (${LESSON.T1})`);
      if (Date.now() >= deadline) throw new LabFailure(`${action}: expected ${count} replies within ${timeoutMs / 1000} s, got ${this.replies.length}: ${excerpt(got, 200)} (${LESSON.T1})`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.max(1, Math.min(50, deadline - Date.now())));
      });
    }
    return this.replies.splice(0, count);
  }

  /** One command, one reply. */
  async command(...args: (string | Buffer)[]): Promise<Reply> {
    this.write(frame(...args));
    const [reply] = await this.read(1, commandText(args));
    return reply!;
  }

  /** Waits until the server closes the connection (true) or the time passes (false). */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise<void>((resolve) => {
      this.wake = resolve;
      setTimeout(resolve, 50);
    });
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function commandText(args: readonly (string | Buffer)[]): string {
  return args.map((a) => (typeof a === 'string' ? a : `<${a.length} bytes>`)).join(' ').slice(0, 120);
}

/** Checks a reply against the expected one, with a message that shows both. */
export function expectReply(reply: Reply, expected: Reply, action: string, lesson: string): void {
  const same = reply.type === expected.type && (
    Buffer.isBuffer(reply.value) && Buffer.isBuffer(expected.value) ? reply.value.equals(expected.value) : show(reply) === show(expected));
  check(same, () => `${action}: expected ${show(expected)}, got ${show(reply)} (${lesson})`);
}

export const ok: Reply = { type: 'simple', value: 'OK' };
export const nil: Reply = { type: 'bulk', value: null };
export const bulkOf = (value: string | Buffer): Reply => ({ type: 'bulk', value: Buffer.from(value) });
export const int = (value: number): Reply => ({ type: 'integer', value });

/** INFO, parsed into its fields; `keys` comes from the db0 line (absent: 0). */
export async function info(connection: RespConnection): Promise<Record<string, number>> {
  const reply = await connection.command('INFO');
  check(reply.type === 'bulk' && reply.value !== null, () => `INFO: expected a bulk string of "field:value" lines, got ${show(reply)} (${LESSON.T3})`);
  const fields: Record<string, number> = { keys: 0 };
  for (const line of reply.value.toString('utf8').split(/\r?\n/)) {
    const match = /^([a-z_0-9]+):(.*)$/.exec(line);
    if (!match) continue;
    const [, name, value] = match;
    if (name === 'db0') fields.keys = Number(/keys=(\d+)/.exec(value!)?.[1] ?? NaN);
    else if (/^-?\d+$/.test(value!)) fields[name!] = Number(value);
  }
  return fields;
}

/** One INFO field that must be there as a number. */
export function field(fields: Record<string, number>, name: string, lesson: string): number {
  const value = fields[name];
  check(typeof value === 'number' && Number.isFinite(value), () => `INFO: expected a line "${name}:<number>", found none (${lesson})`);
  return value;
}

/** A real ioredis client, ready (its connect-time commands answered), closed after the test. */
export async function ioredis(port: number): Promise<Redis> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000, commandTimeout: 3000 });
  client.on('error', () => {});
  onTestFinished(() => client.disconnect());
  try {
    await client.connect();
  } catch (error) {
    throw new LabFailure(`ioredis could not get ready: ${(error as Error).message.replace(/\.+$/, '')}. On connect it sends CLIENT SETINFO twice and INFO, pipelined; every one needs its reply, in order (${LESSON.T1})`);
  }
  return client;
}
