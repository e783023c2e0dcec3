// Provided · what the routers of chapters 05 and 06 share: forwarding and HTTP helpers.
export { forward, type ForwardOptions, type ForwardOutcome, type HeldAnswer, relay } from './forward.ts';
export { BodyTooLargeError, describeError, readBody, sendJson, where } from './http-util.ts';
