// Provided · What each command does, on top of your keyspace (T2, T3), answered with your reply
// encoders (T1). Arguments arrive as raw bytes; keys become latin1 strings (one char per byte,
// so any key bytes work and key.length is its size in bytes). Errors are worded as Redis words
// them, so a client cannot tell this server from redis-server for these commands.
// Lesson: README.md, sections "T1 · Speaking RESP" and "T2 · Keys and expiry".
import type { Keyspace } from './keyspace.ts';
import { bulk, error, integer, simple } from './resp.ts';

export interface CommandContext {
  keyspace: Keyspace;
  /** Open client connections, for INFO. */
  connections: () => number;
  now?: () => number;
}

const wrongArity = (name: string) => error(`ERR wrong number of arguments for '${name}' command`);
const SYNTAX = "ERR syntax error";
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
const EMPTY_ARRAY = Buffer.from('*0\r\n');
let okReply: Buffer | undefined;
/** +OK, encoded once (lazily, so the server still starts while simple() is a TODO). */
const OK = () => (okReply ??= simple('OK'));

/** One reply for one command; `args[0]` is its name in any case. */
export function execute(args: Buffer[], context: CommandContext): Buffer {
  const name = args[0]!.toString('latin1').toLowerCase();
  const { keyspace } = context;
  switch (name) {
    case 'ping':
      if (args.length > 2) return wrongArity(name);
      return args.length === 2 ? bulk(args[1]) : simple('PONG');
    case 'get':
      if (args.length !== 2) return wrongArity(name);
      return bulk(keyspace.get(key(args, 1)));
    case 'set':
      return set(args, context);
    case 'del':
    case 'exists': {
      if (args.length < 2) return wrongArity(name);
      let count = 0;
      for (let i = 1; i < args.length; i++) if (name === 'del' ? keyspace.delete(key(args, i)) : keyspace.exists(key(args, i))) count++;
      return integer(count);
    }
    case 'info':
      return bulk(info(context));
    // What clients send when they connect: ioredis 5 sends CLIENT SETINFO twice, then INFO
    // (its ready check); SELECT and CLIENT SETNAME follow when a db or a name is configured.
    case 'client': {
      const sub = args[1]?.toString('latin1').toLowerCase();
      if (sub === 'setinfo' || sub === 'setname') return simple('OK');
      return error(`ERR unknown subcommand '${sub ?? ''}'. Try CLIENT HELP.`);
    }
    case 'select':
      if (args.length !== 2) return wrongArity(name);
      return key(args, 1) === '0' ? simple('OK') : error('ERR DB index is out of range');
    case 'command': // redis-cli asks for command docs at start; it copes with none.
      return EMPTY_ARRAY;
    case 'quit':
      return simple('OK');
    default: {
      const shown = args.slice(1, 4).map((a) => `'${a.toString('latin1').slice(0, 64)}' `).join('');
      return error(`ERR unknown command '${args[0]!.toString('latin1').slice(0, 64)}', with args beginning with: ${shown}`);
    }
  }
}

/** Argument `i` as a key: latin1 maps each byte to one character, so no two byte strings collide. */
function key(args: Buffer[], i: number): string {
  return args[i]!.toString('latin1');
}

/** SET key value [EX seconds | PX milliseconds] [NX] */
function set(args: Buffer[], { keyspace, now = Date.now }: CommandContext): Buffer {
  if (args.length < 3) return wrongArity('set');
  let ttlMs: number | undefined;
  let unit: string | undefined;
  let nx = false;
  for (let i = 3; i < args.length; i++) {
    const option = args[i]!.toString('latin1').toUpperCase();
    if (option === 'NX') {
      nx = true;
    } else if ((option === 'EX' || option === 'PX') && (unit === undefined || unit === option) && i + 1 < args.length) {
      // As in Redis: EX with PX is an error, the same one twice is not (the last one counts).
      unit = option;
      const text = args[++i]!.toString('latin1');
      if (!/^-?\d{1,18}$/.test(text)) return error('ERR value is not an integer or out of range');
      const amount = Number(text) * (option === 'EX' ? 1000 : 1);
      // Redis refuses zero, negative and absurd TTLs alike.
      if (amount <= 0 || amount > Number.MAX_SAFE_INTEGER / 2) return error("ERR invalid expire time in 'set' command");
      ttlMs = amount;
    } else {
      return error(SYNTAX);
    }
  }
  // Copy the value: the bytes may sit in a larger network buffer that should not stay alive with it.
  const value = Buffer.from(args[2]!);
  const result = keyspace.set(key(args, 1), value, { expiresAt: ttlMs === undefined ? undefined : now() + ttlMs, nx });
  if (result === 'exists') return bulk(undefined);
  if (result === 'too-large') return error(OOM);
  return OK();
}

/** INFO: Redis's section and field names, so tools that read Redis's INFO read ours. */
function info({ keyspace, connections }: CommandContext): string {
  const s = keyspace.stats();
  return [
    '# Server',
    'redis_version:7.0.0',
    'redis_mode:standalone',
    'server_name:scaling-lab-cache',
    'loading:0',
    '',
    '# Clients',
    `connected_clients:${connections()}`,
    '',
    '# Memory',
    `used_memory:${s.usedBytes}`,
    `maxmemory:${s.maxBytes}`,
    'maxmemory_policy:allkeys-lru',
    '',
    '# Stats',
    `keyspace_hits:${s.hits}`,
    `keyspace_misses:${s.misses}`,
    `evicted_keys:${s.evictions}`,
    `expired_keys:${s.expirations}`,
    '',
    '# Keyspace',
    `db0:keys=${s.keys},expires=${s.expiring},avg_ttl=0`,
    '',
  ].join('\r\n');
}
