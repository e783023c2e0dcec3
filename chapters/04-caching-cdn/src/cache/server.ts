// Provided · The TCP side of the cache: one RespParser (T1) per connection, every complete
// command executed in the order it came and its replies written back in one go. A protocol
// error is answered and then the connection is closed, as Redis does: after garbage there is
// no telling where the next command starts. Other connections never notice.
// Lesson: README.md, section "T1 · Speaking RESP".
import net from 'node:net';
import { type CommandContext, execute } from './commands.ts';
import type { Keyspace } from './keyspace.ts';
import { ProtocolError, RespParser } from './resp.ts';

/** How often expired keys nobody reads are swept out (Redis: 10 times a second too). */
export const SWEEP_INTERVAL_MS = 100;

export interface CacheServer {
  server: net.Server;
  /** Stops the sweep and closes every connection. */
  close(): Promise<void>;
}

export function createCacheServer(keyspace: Keyspace): CacheServer {
  const sockets = new Set<net.Socket>();
  const context: CommandContext = { keyspace, connections: () => sockets.size };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const parser = new RespParser();
    socket.on('data', (chunk: Buffer) => {
      const replies: Buffer[] = [];
      let close = false;
      parser.feed(chunk);
      try {
        for (let args = parser.next(); args !== undefined; args = parser.next()) {
          replies.push(run(args, context));
          if (args[0]!.length === 4 && args[0]!.toString('latin1').toLowerCase() === 'quit') {
            close = true;
            break;
          }
        }
      } catch (failure) {
        // Replies to the commands before the bad frame are already in `replies`.
        const message = failure instanceof ProtocolError ? `ERR Protocol error: ${failure.message}` : `ERR ${(failure as Error).message}`;
        replies.push(errorReply(message));
        close = true;
      }
      if (close) {
        socket.end(Buffer.concat(replies));
        socket.removeAllListeners('data');
        return;
      }
      // Back-pressure: a client that pipelines without reading must not grow our memory.
      if (replies.length > 0 && !socket.write(replies.length === 1 ? replies[0]! : Buffer.concat(replies))) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });

  const sweeper = setInterval(() => {
    try {
      keyspace.sweep();
    } catch (failure) {
      console.error(`cache: sweep failed: ${(failure as Error).message}`);
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One command; a bug in a command (or a TODO) becomes an error reply, never a crash. */
function run(args: Buffer[], context: CommandContext): Buffer {
  try {
    return execute(args, context);
  } catch (failure) {
    return errorReply(`ERR ${(failure as Error).message}`);
  }
}

/** Built here rather than with your encoder, so a bug there still gets reported to the client. */
function errorReply(message: string): Buffer {
  return Buffer.from(`-${message.replace(/[\r\n]+/g, ' ')}\r\n`);
}
