// Helpers for T7's hidden tests: the provided network, two fake balancers (FakeBackend processes
// that answer every request with their name, so a client can tell who owns the address) and the
// learner's two keepers. A "machine" is one balancer and its keeper: tests kill and pause both
// together, as a real host's failure takes both.
import net from 'node:net';
import { allocatePort, check, excerpt, FakeBackend, type LabSignal, type LearnerApp, pollUntil, request, startLearnerApp } from '@scaling-lab/grader/harness';

export const T7_LESSON = 'README.md, section "T7 · A floating address"';

export interface Machine {
  name: string;
  balancer: FakeBackend;
  keeper: LearnerApp;
  env: Record<string, string>;
}

export interface Pair {
  network: LearnerApp;
  /** The public address, as an origin (http://127.0.0.1:port). */
  publicUrl: string;
  machines: [Machine, Machine];
}

export interface KeeperState {
  role?: unknown;
  epoch?: unknown;
}

export interface NetworkState {
  owner: string | null;
  epoch: number;
  announcements: { owner: string; epoch: number; at: number; accepted: boolean }[];
}

async function startBalancer(name: string, port?: number): Promise<FakeBackend> {
  const balancer = await FakeBackend.start(`balancer-${name}`, port);
  await balancer.behave({ body: { balancer: name } });
  return balancer;
}

function startKeeper(machine: Omit<Machine, 'keeper'>, port: number, restarted = false): Promise<LearnerApp> {
  return startLearnerApp({ entry: 'keeper', name: `your keeper ${machine.name}${restarted ? ' (restarted)' : ''}`, instanceId: `keeper-${machine.name}`, port, env: machine.env });
}

/** The network, two balancers and two keepers that list each other, every ADVERT_INTERVAL_MS. */
export async function startPair(prefix: string, advertIntervalMs: number): Promise<Pair> {
  const publicPort = await allocatePort();
  const network = await startLearnerApp({ entry: 'network', name: 'the provided network', instanceId: `${prefix}-network`, env: { PUBLIC_PORT: String(publicPort) } });
  const ports = [await allocatePort(), await allocatePort()];
  const [a, b] = await Promise.all(
    ['a', 'b'].map(async (letter, i) => {
      const name = `${prefix}-${letter}`;
      const balancer = await startBalancer(name);
      const env = {
        KEEPER_ID: `keeper-${name}`,
        BALANCER: balancer.url,
        PEER: `http://127.0.0.1:${ports[1 - i]}`,
        NETWORK: network.url,
        ADVERT_INTERVAL_MS: String(advertIntervalMs),
      };
      const keeper = await startKeeper({ name, balancer, env }, ports[i]!);
      return { name, balancer, keeper, env };
    }),
  );
  return { network, publicUrl: `http://127.0.0.1:${publicPort}`, machines: [a!, b!] };
}

/** Sends `signal` to a machine: its keeper and its balancer. */
export function signalMachine(machine: Machine, signal: LabSignal): void {
  machine.keeper.component.signal(signal);
  machine.balancer.component.signal(signal);
}

/** Starts a killed machine again: its balancer and keeper on their old ports. */
export async function restartMachine(machine: Machine): Promise<Machine> {
  await Promise.all([machine.keeper.component.stop(), machine.balancer.component.stop()]);
  const balancer = await startBalancer(machine.name, machine.balancer.port);
  const keeper = await startKeeper({ ...machine, balancer }, machine.keeper.port, true);
  return { ...machine, balancer, keeper };
}

export async function keeperState(machine: Machine, timeoutMs = 5000): Promise<KeeperState> {
  const res = await request(`${machine.keeper.url}/keeper/state`, { timeoutMs });
  check(res.status === 200, () => `GET /keeper/state of ${machine.keeper.instanceId}: expected 200, got ${res.status} ${excerpt(res.text)}. Read: ${T7_LESSON}`);
  return res.json<KeeperState>();
}

export async function networkState(pair: Pair): Promise<NetworkState> {
  return (await request(`${pair.network.url}/network/state`, { timeoutMs: 5000 })).json<NetworkState>();
}

/** Which balancer answers GET / on the public address (its name), or the error, in words. */
export async function whoAnswers(pair: Pair, timeoutMs = 1000): Promise<{ name?: string; error?: string }> {
  try {
    const res = await request(`${pair.publicUrl}/`, { timeoutMs });
    const name = (res.json<{ balancer?: unknown }>().balancer);
    return typeof name === 'string' ? { name } : { error: `${res.status} ${excerpt(res.text)}` };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Whether no announcement has reached `network` for `quietMs`: two keepers that start together
 * may both announce, and the loser's refused announcement can land a moment after the winner's.
 * Steady-state checks begin once the start-up race is over.
 */
export function quietFor(state: NetworkState, quietMs: number): boolean {
  const last = state.announcements.at(-1);
  return last === undefined || Date.now() - last.at >= quietMs;
}

/** The machine whose keeper is master, once exactly one is and the network agrees (and, with `quietMs`, has heard no announcement for that long). */
export async function settledMaster(pair: Pair, quietMs = 0): Promise<{ master: Machine; backup: Machine; epoch: number } | undefined> {
  // A killed or paused keeper does not answer: it is not the master anyone can reach.
  const states = await Promise.all(pair.machines.map((machine) => keeperState(machine, 500).catch((): KeeperState => ({}))));
  const masters = pair.machines.filter((_, i) => states[i]!.role === 'master');
  if (masters.length !== 1) return undefined;
  const master = masters[0]!;
  const epoch = states[pair.machines.indexOf(master)]!.epoch;
  const network = await networkState(pair);
  if (network.owner !== master.balancer.url || typeof epoch !== 'number' || !quietFor(network, quietMs)) return undefined;
  return { master, backup: pair.machines.find((m) => m !== master)!, epoch };
}

/** A client connection to the public address, spliced through to whoever owned it when it opened. */
export async function openClient(pair: Pair): Promise<net.Socket> {
  const { port } = new URL(pair.publicUrl);
  const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

export const T8_LESSON = 'README.md, section "T8 · Active-active"';

/**
 * T8: two public addresses, each with its own network and its own pair of keepers. Machine A
 * (balancer A, keepers a1 and a2) is the preferred owner of address 1, machine B of address 2:
 * keepers a1 and b2 have PREEMPT_DELAY_MS, b1 and a2 do not.
 */
export interface ActivePair {
  networks: [LearnerApp, LearnerApp];
  publicUrls: [string, string];
  machines: [ActiveMachine, ActiveMachine];
}

export interface ActiveMachine {
  name: string;
  balancer: FakeBackend;
  /** Its keeper for address 1, then for address 2. */
  keepers: [LearnerApp, LearnerApp];
  envs: [Record<string, string>, Record<string, string>];
}

export async function startActivePair(prefix: string, advertIntervalMs: number, preemptDelayMs: number): Promise<ActivePair> {
  const publicPorts = [await allocatePort(), await allocatePort()];
  const networks = await Promise.all(
    publicPorts.map((publicPort, i) => startLearnerApp({ entry: 'network', name: `the provided network of address ${i + 1}`, instanceId: `${prefix}-network-${i + 1}`, env: { PUBLIC_PORT: String(publicPort) } })),
  );
  // keeperPorts[machine][address]
  const keeperPorts = [
    [await allocatePort(), await allocatePort()],
    [await allocatePort(), await allocatePort()],
  ];
  const balancers = await Promise.all(['a', 'b'].map((letter) => startBalancer(`${prefix}-${letter}`)));
  const names = ['a', 'b'].map((letter) => `${prefix}-${letter}`);
  // envs[machine][address]; machine a prefers address 1, machine b address 2.
  const envs: Record<string, string>[][] = [0, 1].map((m) =>
    [0, 1].map((address) => ({
      KEEPER_ID: `keeper-${names[m]}${address + 1}`,
      BALANCER: balancers[m]!.url,
      PEER: `http://127.0.0.1:${keeperPorts[1 - m]![address]}`,
      NETWORK: networks[address]!.url,
      ADVERT_INTERVAL_MS: String(advertIntervalMs),
      ...(address === m ? { PREEMPT_DELAY_MS: String(preemptDelayMs) } : {}),
    })),
  );
  const start = (m: number, address: number) => startActiveKeeper(names[m]!, address, envs[m]![address]!, keeperPorts[m]![address]!);
  // The keepers that do not prefer their address start first and take it, so every run begins
  // the same way: each address on the wrong balancer, to be taken home by its preferred keeper.
  const [b1, a2] = await Promise.all([start(1, 0), start(0, 1)]);
  await pollUntil(
    async () => {
      const states = await Promise.all(networks.map(networkStateOf));
      return states[0]!.owner === balancers[1]!.url && states[1]!.owner === balancers[0]!.url;
    },
    { what: 'keepers b1 and a2, started alone, to take address 1 for balancer b and address 2 for balancer a', timeoutMs: 10_000, intervalMs: 50 },
  );
  const [a1, b2] = await Promise.all([start(0, 0), start(1, 1)]);
  const machines: ActiveMachine[] = [
    { name: names[0]!, balancer: balancers[0]!, keepers: [a1, a2], envs: [envs[0]![0]!, envs[0]![1]!] },
    { name: names[1]!, balancer: balancers[1]!, keepers: [b1, b2], envs: [envs[1]![0]!, envs[1]![1]!] },
  ];
  return {
    networks: [networks[0]!, networks[1]!],
    publicUrls: [`http://127.0.0.1:${publicPorts[0]}`, `http://127.0.0.1:${publicPorts[1]}`],
    machines: [machines[0]!, machines[1]!],
  };
}

function startActiveKeeper(name: string, address: number, env: Record<string, string>, port: number, restarted = false): Promise<LearnerApp> {
  return startLearnerApp({ entry: 'keeper', name: `your keeper ${name}${address + 1}${restarted ? ' (restarted)' : ''}`, instanceId: `keeper-${name}${address + 1}`, port, env });
}

export function signalActiveMachine(machine: ActiveMachine, signal: LabSignal): void {
  for (const keeper of machine.keepers) keeper.component.signal(signal);
  machine.balancer.component.signal(signal);
}

export async function restartActiveMachine(machine: ActiveMachine): Promise<ActiveMachine> {
  await Promise.all([...machine.keepers.map((keeper) => keeper.component.stop()), machine.balancer.component.stop()]);
  const balancer = await startBalancer(machine.name, machine.balancer.port);
  const keepers = await Promise.all(machine.envs.map((env, address) => startActiveKeeper(machine.name, address, env, machine.keepers[address]!.port, true)));
  return { ...machine, balancer, keepers: [keepers[0]!, keepers[1]!] };
}

export async function networkStateOf(network: LearnerApp): Promise<NetworkState> {
  return (await request(`${network.url}/network/state`, { timeoutMs: 5000 })).json<NetworkState>();
}

/** Owner of each address, as machine names (or the raw owner when it is neither). */
export async function owners(pair: ActivePair): Promise<[string | null, string | null]> {
  const states = await Promise.all(pair.networks.map(networkStateOf));
  const name = (owner: string | null) => pair.machines.find((m) => m.balancer.url === owner)?.name ?? owner;
  return [name(states[0]!.owner), name(states[1]!.owner)];
}

/**
 * One GET as a client that knows both addresses (DNS round robin gives it both): the address
 * `first`, and once more on the other address if that fails.
 */
export async function spreadGet(pair: ActivePair, first: 0 | 1, timeoutMs = 1000): Promise<{ name?: string; retried: boolean; error?: string }> {
  const tryAddress = async (i: 0 | 1) => {
    try {
      const res = await request(`${pair.publicUrls[i]}/`, { timeoutMs });
      const name = res.json<{ balancer?: unknown }>().balancer;
      return typeof name === 'string' ? { name } : { error: `${res.status} ${excerpt(res.text)}` };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const answer = await tryAddress(first);
  if (answer.name) return { ...answer, retried: false };
  const again = await tryAddress(first === 0 ? 1 : 0);
  return { ...again, retried: true, error: again.error && `${answer.error}, then on the other address ${again.error}` };
}
