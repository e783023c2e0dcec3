// T7 · HTTP caching by the app (lesson: README.md#t7-http-caching-by-the-app)
//
// Every answer of the app passes through `respondWithCaching` as a Reply (see the Chirp
// package's reply.ts): its kind of route, status, body and, when known, when it last changed.
// As given it sends the answer with no caching headers at all.
import { type Reply, type Respond, sendPlain } from '@scaling-lab/chirp';

export const respondWithCaching: Respond = (req, res, reply: Reply) => {
  // TODO(T7): set Cache-Control by reply.route (the lesson's table).
  // TODO(T7): for a 200 to GET or HEAD, set a strong ETag made from the exact body bytes
  // (encodeBody) and Last-Modified when reply.lastModified is set.
  // TODO(T7): answer 304 with no body when If-None-Match (or, without it, If-Modified-Since)
  // says the client's copy is current.
  sendPlain(req, res, reply);
};
