// Provided · one attempt at forwarding a request to one node: the course's shared forwarding
// (packages/forwarding), which the routers of chapters 05 and 06 both use. Read it there.
export { forward, type ForwardOptions, type ForwardOutcome } from '@scaling-lab/forwarding';
