// T1 · Speaking RESP. Clients send each command as an array of bulk strings:
//   *2\r\n$3\r\nGET\r\n$5\r\nhello\r\n
// The length prefix says where a value ends (values may contain \r\n or any byte), and TCP
// delivers bytes in pieces of any size: one piece may hold half a command or a hundred.
// Write the parser that turns those pieces into commands, and the reply encoders.
// Lesson: README.md, section "T1 · Speaking RESP".

/** A bulk string longer than this is refused (Redis's own default, proto-max-bulk-len). */
export const MAX_BULK_BYTES = 512 * 1024 * 1024;
/** An array with more elements than this is refused (Redis's limit too). */
export const MAX_ARRAY_LENGTH = 1024 * 1024;
/** A header line (*N or $N) longer than this without \r\n is garbage, not a slow client. */
export const MAX_LINE_BYTES = 64 * 1024;

/** The client broke the protocol; the server answers -ERR Protocol error: <message> and closes. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export class RespParser {
  // TODO(T1): keep the bytes that did not make a whole command yet.

  /** Adds bytes as they came off the socket. */
  feed(chunk: Buffer): void {
    // TODO(T1): remember `chunk` after whatever is still unused.
    void chunk;
  }

  /**
   * The next complete command as its arguments (args[0] is the name), or undefined until more
   * bytes arrive. Throws ProtocolError when the bytes cannot be a command. Empty arrays (*0)
   * are skipped without a reply, as Redis does.
   */
  next(): Buffer[] | undefined {
    // TODO(T1): read *N, then N times $len and exactly len bytes plus \r\n; enforce the limits above.
    throw new Error('TODO(T1): RespParser.next() is not written yet');
  }
}

// Replies: what the server sends back.

export function simple(text: string): Buffer {
  // TODO(T1): +text\r\n
  throw new Error(`TODO(T1): simple("${text}") is not written yet`);
}

export function error(text: string): Buffer {
  // TODO(T1): -text\r\n (an error message must stay on one line)
  throw new Error(`TODO(T1): error("${text}") is not written yet`);
}

export function integer(n: number): Buffer {
  // TODO(T1): :n\r\n
  throw new Error(`TODO(T1): integer(${n}) is not written yet`);
}

/** A bulk string: $<length in bytes>\r\n<bytes>\r\n; undefined is the nil reply $-1\r\n. */
export function bulk(value: Buffer | string | undefined): Buffer {
  // TODO(T1): encode the bytes unchanged; a string is sent as UTF-8.
  void value;
  throw new Error('TODO(T1): bulk() is not written yet');
}
