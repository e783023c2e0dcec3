// The HTTP server the provided Chirp app runs in. Express gives every request and response it
// handles its own prototype (app.request, app.response) with Object.setPrototypeOf. V8 then has
// to treat each of those objects as a new shape, and Node's own HTTP code, which touches them
// for every header and write, runs several times slower on them (expressjs/express#5998).
// Node lets a server create its requests and responses from given classes: built from classes
// whose prototypes already are the app's, Express's setPrototypeOf finds nothing to change.
// Measured on the course machine: 2,300-4,200 answers a second for a constant JSON body through
// app.listen(), 8,200-9,400 through this server, 8,700-17,500 for bare node:http.
import http from 'node:http';
import type { Express } from 'express';

export function createChirpServer(app: Express): http.Server {
  // Function constructors, not classes: the prototype is assigned, not declared. Node calls
  // `new IncomingMessage(socket)` and `new ServerResponse(req, options)`.
  function ChirpRequest(this: http.IncomingMessage, socket: import('node:net').Socket) {
    (http.IncomingMessage as unknown as (socket: import('node:net').Socket) => void).call(this, socket);
  }
  ChirpRequest.prototype = app.request;
  function ChirpResponse(this: http.ServerResponse, req: http.IncomingMessage, options?: unknown) {
    (http.ServerResponse as unknown as (req: http.IncomingMessage, options?: unknown) => void).call(this, req, options);
  }
  ChirpResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: ChirpRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: ChirpResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}

/** app.listen(), in the server above. */
export function listenChirp(app: Express, port: number, host: string, onListening?: () => void): http.Server {
  return createChirpServer(app).listen(port, host, onListening);
}
