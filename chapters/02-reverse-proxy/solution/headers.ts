// Reference for T2: what the backend hears about the client, and what the client hears about
// the backend. A proxy forwards messages, not connections: whatever describes one connection
// (hop-by-hop headers) stops at the proxy, and the proxy adds what only it knows.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Hop-by-hop headers: RFC 9110 section 7.6.1 names Connection and these classic ones. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/** Response headers that tell a client (or an attacker) which software runs behind us. */
const IDENTITY = ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'];

export interface ClientSide {
  /** The address of the peer that opened the connection to the proxy. */
  address: string;
  /** How the client reached the proxy. */
  proto: 'http' | 'https';
  /** The Host the client asked for. */
  host: string | undefined;
}

export function clientSide(req: IncomingMessage): ClientSide {
  // Node reports IPv4 peers of a dual-stack socket as "::ffff:1.2.3.4"; backends expect 1.2.3.4.
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return { address, proto, host: req.headers.host };
}

/** The fixed hop-by-hop names, plus every header the Connection header lists. */
function hopByHop(headers: IncomingHttpHeaders): Set<string> {
  const names = new Set(HOP_BY_HOP);
  for (const token of String(headers.connection ?? '').split(',')) {
    const name = token.trim().toLowerCase();
    if (name) names.add(name);
  }
  return names;
}

function without(headers: IncomingHttpHeaders, drop: Set<string>): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !drop.has(name)) kept[name] = value;
  }
  return kept;
}

export function toBackend(headers: IncomingHttpHeaders, client: ClientSide): OutgoingHttpHeaders {
  const drop = hopByHop(headers);
  // Node already answered "Expect: 100-continue" to the client; the body is on its way. And
  // http-proxy emits no 'proxyReq' for a backend request that still carries Expect, so
  // forward.ts would never arm its timeout: a hanging backend would hold such a client forever.
  drop.add('expect');
  const kept = without(headers, drop);
  // The body is re-framed on the backend connection. A body of unknown length (the client sent
  // it chunked) is sent chunked again: Node only does that by itself for POST, PUT and PATCH.
  if (headers['transfer-encoding'] !== undefined && headers['content-length'] === undefined) kept['transfer-encoding'] = 'chunked';
  // Append, never replace: earlier proxies (or the client) may have started the chain.
  const chain = headers['x-forwarded-for'];
  kept['x-forwarded-for'] = chain ? `${chain}, ${client.address}` : client.address;
  // We are the edge: what the client claims about protocol and host is replaced by what we saw.
  kept['x-forwarded-proto'] = client.proto;
  if (client.host) kept['x-forwarded-host'] = client.host;
  return kept;
}

export function toClient(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const drop = hopByHop(headers);
  for (const name of IDENTITY) drop.add(name);
  return without(headers, drop);
}
