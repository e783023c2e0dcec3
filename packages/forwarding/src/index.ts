// Provided · what the routers and nodes of chapters 05 and 06 share: forwarding, HTTP helpers
// and a deadline over a whole exchange.
export { forward, type ForwardOptions, type ForwardOutcome, type HeldAnswer, relay } from './forward.ts';
export { BodyTooLargeError, describeError, readBody, sendJson, where } from './http-util.ts';
export { withDeadline } from './deadline.ts';
