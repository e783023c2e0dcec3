// Provided · small HTTP helpers for the router, shared with chapter 06 (packages/forwarding).
export { BodyTooLargeError, describeError, readBody, sendJson, where } from '@scaling-lab/forwarding';
