// T2 · Forwarding headers. Decide what the backend hears about the client and what the client
// hears about the backend. Headers that describe one connection (hop-by-hop) stop at the
// proxy; the proxy adds what only it knows (X-Forwarded-*); the backend's software stays secret.
// Lesson: README.md, section "T2 · Forwarding headers".
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface ClientSide {
  /** The address of the peer that opened the connection to the proxy. */
  address: string;
  /** How the client reached the proxy. */
  proto: 'http' | 'https';
  /** The Host the client asked for. */
  host: string | undefined;
}

export function clientSide(req: IncomingMessage): ClientSide {
  // TODO(T2): the address comes from the socket (req.socket.remoteAddress), never from a header.
  // TODO(T8): proto is "https" when the request arrived over TLS ((req.socket as TLSSocket).encrypted).
  return { address: req.socket.remoteAddress ?? '', proto: 'http', host: req.headers.host };
}

/** The headers of the request the proxy sends to the backend. */
export function toBackend(headers: IncomingHttpHeaders, client: ClientSide): OutgoingHttpHeaders {
  // TODO(T2): drop the hop-by-hop headers (Connection, the names it lists, Keep-Alive, TE,
  // Trailer, Transfer-Encoding, Upgrade, Proxy-*), but frame a chunked body again
  // (Transfer-Encoding: chunked when there is no Content-Length); append client.address to
  // X-Forwarded-For; set X-Forwarded-Proto and X-Forwarded-Host.
  void client;
  return { ...headers };
}

/** The headers of the response the proxy sends to the client. */
export function toClient(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  // TODO(T2): drop the hop-by-hop headers, and Server and X-Powered-By (the backend's identity).
  return { ...headers };
}
