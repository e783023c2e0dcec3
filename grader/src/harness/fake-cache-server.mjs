// A controllable stand-in for a Redis-protocol cache, run as its own process so suites can
// kill it (SIGKILL), pause it (SIGSTOP) or restart it for real. It speaks the RESP2 subset a
// cache-aside app uses (PING, GET, SET [EX|PX] [NX], DEL, EXISTS, INFO, plus what ioredis
// sends on connect), keeps values with their expiry, and records every command.
//
// PORT: the RESP port. CONTROL_PORT: an HTTP port for the suite:
//   GET    /log        every command received, oldest first: {at, conn, args}
//   DELETE /log        forget them
//   PUT    /mode       {"delayMs": n} answers late; {"garbage": true} answers bytes that are
//                      not RESP; {} back to normal
//   GET    /keys       the live keys with their values (UTF-8) and deadlines
import http from 'node:http';
import net from 'node:net';

const port = Number(process.env.PORT);
const controlPort = Number(process.env.CONTROL_PORT);
const MAX_LOG = 20_000;

let log = [];
let mode = {};
/** key -> { value: Buffer, deadline: number | undefined } */
const data = new Map();
let connections = 0;

const simple = (text) => `+${text}\r\n`;
const error = (text) => `-${text}\r\n`;
const integer = (n) => `:${n}\r\n`;
const bulk = (buffer) => (buffer === undefined ? '$-1\r\n' : Buffer.concat([Buffer.from(`$${buffer.length}\r\n`), buffer, Buffer.from('\r\n')]));

function live(key) {
  const entry = data.get(key);
  if (entry && entry.deadline !== undefined && entry.deadline <= Date.now()) {
    data.delete(key);
    return undefined;
  }
  return entry;
}

function execute(args) {
  const name = args[0]?.toString('utf8').toUpperCase();
  const keys = args.slice(1).map((a) => a.toString('utf8'));
  switch (name) {
    case 'PING': return simple('PONG');
    case 'INFO': return bulk(Buffer.from(`# Server\r\nredis_version:7.0.0-fake\r\nloading:0\r\n# Keyspace\r\ndb0:keys=${data.size},expires=0\r\n`));
    case 'CLIENT': case 'SELECT': return simple('OK');
    case 'GET': return bulk(live(keys[0])?.value);
    case 'EXISTS': return integer(keys.filter((k) => live(k)).length);
    case 'DEL': return integer(keys.filter((k) => live(k) && data.delete(k)).length);
    case 'SET': {
      let deadline;
      let nx = false;
      for (let i = 2; i < keys.length; i++) {
        const option = keys[i].toUpperCase();
        if (option === 'NX') nx = true;
        else if (option === 'EX' || option === 'PX') {
          const amount = Number(keys[++i]);
          if (!Number.isInteger(amount) || amount <= 0) return error("ERR invalid expire time in 'set' command");
          deadline = Date.now() + amount * (option === 'EX' ? 1000 : 1);
        } else return error('ERR syntax error');
      }
      if (keys.length < 2) return error("ERR wrong number of arguments for 'set' command");
      if (nx && live(keys[0])) return '$-1\r\n';
      data.set(keys[0], { value: args[2], deadline });
      return simple('OK');
    }
    default: return error(`ERR unknown command '${name}'`);
  }
}

/** Parses as many complete RESP arrays of bulk strings as `buffer` holds. */
function parse(buffer) {
  const commands = [];
  let offset = 0;
  for (;;) {
    const start = offset;
    const line = (at) => {
      const end = buffer.indexOf('\r\n', at);
      return end === -1 ? undefined : { text: buffer.toString('latin1', at, end), next: end + 2 };
    };
    const header = line(offset);
    if (!header) break;
    if (!header.text.startsWith('*')) throw new Error('expected an array');
    const count = Number(header.text.slice(1));
    offset = header.next;
    const args = [];
    let complete = true;
    for (let i = 0; i < count; i++) {
      const size = line(offset);
      if (!size) { complete = false; break; }
      const length = Number(size.text.slice(1));
      if (buffer.length < size.next + length + 2) { complete = false; break; }
      args.push(buffer.subarray(size.next, size.next + length));
      offset = size.next + length + 2;
    }
    if (!complete) { offset = start; break; }
    commands.push(args);
  }
  return { commands, rest: buffer.subarray(offset) };
}

const server = net.createServer((socket) => {
  const conn = ++connections;
  let pending = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    let parsed;
    try {
      parsed = parse(Buffer.concat([pending, chunk]));
    } catch {
      socket.end(error('ERR Protocol error'));
      return;
    }
    pending = parsed.rest;
    for (const args of parsed.commands) {
      if (log.length < MAX_LOG) log.push({ at: Date.now(), conn, args: args.map((a) => a.toString('utf8')) });
      const reply = mode.garbage ? 'this is not RESP\r\n' : execute(args);
      if (mode.delayMs) setTimeout(() => socket.writable && socket.write(reply), mode.delayMs);
      else socket.write(reply);
    }
  });
});

function sendJson(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const control = http.createServer((req, res) => {
  const route = `${req.method} ${req.url}`;
  if (route === 'GET /log') return sendJson(res, 200, log);
  if (route === 'DELETE /log') {
    log = [];
    return sendJson(res, 200, { ok: true });
  }
  if (route === 'GET /keys') {
    const keys = {};
    for (const [key] of data) {
      const entry = live(key);
      if (entry) keys[key] = { value: entry.value.toString('utf8'), deadline: entry.deadline ?? null };
    }
    return sendJson(res, 200, keys);
  }
  if (route === 'PUT /mode') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        mode = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        sendJson(res, 200, { ok: true });
      } catch {
        sendJson(res, 400, { error: 'mode must be JSON' });
      }
    });
    return;
  }
  sendJson(res, 404, { error: `unknown control route ${route}` });
});

control.listen(controlPort, '127.0.0.1', () => {
  server.listen(port, '127.0.0.1', () => console.log(`fake cache listening on 127.0.0.1:${port} (control ${controlPort})`));
});
process.on('SIGTERM', () => process.exit(0));
