// Reference for T1: RESP2 framing. A client sends each command as an array of bulk strings,
//   *3\r\n$3\r\nSET\r\n$5\r\nhello\r\n$5\r\nwo\r\nd\r\n
// and the length prefix, not a search for \r\n, says where a value ends: values are bytes.
// Bytes arrive in arbitrary pieces, so the parser keeps what it has not used yet and only
// hands out a command once every byte of it is here.
// Lesson: README.md, section "T1 · Speaking RESP".

/** A bulk string longer than this is refused (Redis's own default, proto-max-bulk-len). */
export const MAX_BULK_BYTES = 512 * 1024 * 1024;
/** An array with more elements than this is refused (Redis's limit too). */
export const MAX_ARRAY_LENGTH = 1024 * 1024;
/** A header line (*N or $N) longer than this without \r\n is garbage, not a slow client. */
export const MAX_LINE_BYTES = 64 * 1024;

/** The client broke the protocol; the server answers -ERR Protocol error: <message>. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const CR = 13;
const LF = 10;

export class RespParser {
  /** Unused bytes, oldest first; joined only when they may hold a whole command. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Fewest buffered bytes that could complete the command being waited for. */
  private needed = 1;

  /** Adds bytes as they came off the socket. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next complete command as its arguments, or undefined until more bytes arrive.
   * Throws ProtocolError when the bytes cannot be a command; the connection is then unusable.
   */
  next(): Buffer[] | undefined {
    // Skip empty arrays (*0, *-1) like Redis does: they are no command and get no reply.
    for (;;) {
      if (this.buffered < this.needed) return undefined;
      const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      this.chunks = [data];
      const parsed = this.parse(data);
      if (parsed === undefined) return undefined;
      const [args, end] = parsed;
      const rest = data.subarray(end);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.needed = 1;
      if (args.length > 0) return args;
    }
  }

  /** One command from the start of `data` and where it ends, or undefined when incomplete. */
  private parse(data: Buffer): [Buffer[], number] | undefined {
    if (data[0] !== 0x2a /* '*' */) throw new ProtocolError(`expected '*', got '${String.fromCharCode(data[0]!)}'`);
    const header = this.line(data, 1, 'multibulk');
    if (header === undefined) return undefined;
    const [count, afterHeader] = header;
    if (count > MAX_ARRAY_LENGTH) throw new ProtocolError('invalid multibulk length');
    const args: Buffer[] = [];
    let at = afterHeader;
    for (let i = 0; i < count; i++) {
      if (at >= data.length) return this.wait(at + 1);
      if (data[at] !== 0x24 /* '$' */) throw new ProtocolError(`expected '$', got '${String.fromCharCode(data[at]!)}'`);
      const bulk = this.line(data, at + 1, 'bulk');
      if (bulk === undefined) return undefined;
      const [length, start] = bulk;
      if (length < 0 || length > MAX_BULK_BYTES) throw new ProtocolError('invalid bulk length');
      const end = start + length;
      if (data.length < end + 2) return this.wait(end + 2);
      if (data[end] !== CR || data[end + 1] !== LF) throw new ProtocolError('expected \\r\\n after a bulk string');
      // subarray shares memory with the read buffer; the keyspace copies what it keeps.
      args.push(data.subarray(start, end));
      at = end + 2;
    }
    return [args, at];
  }

  /** The integer on the line that starts at `from`, and where the next line starts. */
  private line(data: Buffer, from: number, what: string): [number, number] | undefined {
    const cr = data.indexOf(CR, from);
    if (cr === -1 || cr + 1 >= data.length) {
      if (data.length - from > MAX_LINE_BYTES) throw new ProtocolError(`too big ${what} count string`);
      return this.wait(data.length + 1);
    }
    if (data[cr + 1] !== LF) throw new ProtocolError(`invalid ${what} length`);
    // Digits by hand: this runs twice per argument, and a string plus a regex would allocate.
    const negative = data[from] === 0x2d; // '-'
    const first = negative ? from + 1 : from;
    if (first === cr || cr - first > 15) throw new ProtocolError(`invalid ${what} length`);
    let value = 0;
    for (let i = first; i < cr; i++) {
      const digit = data[i]! - 0x30;
      if (digit < 0 || digit > 9) throw new ProtocolError(`invalid ${what} length`);
      value = value * 10 + digit;
    }
    return [negative ? -value : value, cr + 2];
  }

  private wait(bytes: number): undefined {
    this.needed = bytes;
    return undefined;
  }
}

// Replies. Strings are sent as UTF-8; a bulk reply carries the stored bytes unchanged.
const NIL = Buffer.from('$-1\r\n');

export const simple = (text: string): Buffer => Buffer.from(`+${text}\r\n`);
export const error = (text: string): Buffer => Buffer.from(`-${text.replace(/[\r\n]+/g, ' ')}\r\n`);
export const integer = (n: number): Buffer => Buffer.from(`:${n}\r\n`);

export function bulk(value: Buffer | string | undefined): Buffer {
  if (value === undefined) return NIL;
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  // One allocation per reply: this is the hot path of every GET.
  const header = `$${bytes.length}\r\n`;
  const reply = Buffer.allocUnsafe(header.length + bytes.length + 2);
  reply.write(header, 0, 'latin1');
  bytes.copy(reply, header.length);
  reply[reply.length - 2] = CR;
  reply[reply.length - 1] = LF;
  return reply;
}
