// Visible starter tests for the keepers (T7): run them while you work with `npm run check -- 06`.
// They cover first steps only; the grader's hidden suite kills and pauses whole machines (a
// keeper and its balancer), holds client connections open through the public address, restarts
// a former master and counts every announcement the network receives.
import { allocatePort, check, describeTask, excerpt, FakeBackend, it, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/starter';

describeTask('T7', () => {
  it('of two keepers, one takes the public address for its balancer and the other stays backup', async () => {
    const publicPort = await allocatePort();
    const network = await startLearnerApp({ entry: 'network', name: 'the provided network', env: { PUBLIC_PORT: String(publicPort) } });
    const ports = [await allocatePort(), await allocatePort()];
    const balancers = await Promise.all(['starter-a', 'starter-b'].map((id) => FakeBackend.start(id)));
    await Promise.all(balancers.map((balancer) => balancer.behave({ body: { balancer: balancer.id } })));
    const keepers = await Promise.all(
      balancers.map((balancer, i) =>
        startLearnerApp({
          entry: 'keeper',
          name: `your keeper ${i}`,
          port: ports[i],
          env: { BALANCER: balancer.url, PEER: `http://127.0.0.1:${ports[1 - i]}`, NETWORK: network.url, ADVERT_INTERVAL_MS: '100' },
        }),
      ),
    );
    const roles = async () => Promise.all(keepers.map(async (keeper) => (await request(`${keeper.url}/keeper/state`)).json<{ role: string; epoch: number }>()));
    const master = await pollUntil(
      async () => {
        const states = await roles();
        const masters = states.filter((state) => state.role === 'master');
        return masters.length === 1 && states.some((state) => state.role === 'backup') ? states.indexOf(masters[0]!) : undefined;
      },
      { what: 'one keeper to be master and the other backup (GET /keeper/state)', timeoutMs: 5000 },
    );
    const owner = (await request(`${network.url}/network/state`)).json<{ owner: string | null }>().owner;
    check(owner === balancers[master]!.url, `the master keeper's balancer ${balancers[master]!.url} should own the public address; GET /network/state says ${JSON.stringify(owner)}`);
    const res = await request(`http://127.0.0.1:${publicPort}/`);
    check(res.json<{ balancer?: string }>().balancer === balancers[master]!.id, `GET / on the public address should reach ${balancers[master]!.id}, got ${excerpt(res.text)}`);
  });
});
