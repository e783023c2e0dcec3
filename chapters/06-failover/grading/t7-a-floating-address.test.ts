import { setTimeout as delay } from 'node:timers/promises';
import { check, describeTask, excerpt, pollUntil, request } from '@scaling-lab/grader/harness';
import { it } from 'vitest';
import {
  keeperState,
  type Machine,
  networkState,
  openClient,
  type Pair,
  restartMachine,
  settledMaster,
  signalMachine,
  startPair,
  T7_LESSON,
  whoAnswers,
} from './keeper-support.ts';

/** Adverts every 200 ms: a backup takes over after 600 to 800 ms without one, a margin that a loaded machine's stalls do not eat. */
const INTERVAL_MS = 200;

async function waitForMaster(pair: Pair, what = 'exactly one keeper to be master, and the network to give the address to its balancer') {
  return pollUntil(() => settledMaster(pair, 2 * INTERVAL_MS), { what, timeoutMs: 10_000, intervalMs: 50 });
}

/** The announcements `machine`'s keeper made (accepted or not) after `since`. */
async function announcementsBy(pair: Pair, machine: Machine, since: number) {
  return (await networkState(pair)).announcements.filter((a) => a.owner === machine.balancer.url && a.at > since);
}

/** For `ms`, checks that nobody announces the address and that `master` stays master. */
async function expectSteady(pair: Pair, master: Machine, ms: number, context: string): Promise<void> {
  const since = Date.now();
  const until = since + ms;
  while (Date.now() < until) {
    const moves = (await networkState(pair)).announcements.filter((a) => a.at > since);
    check(
      moves.length === 0,
      () => `${context}, yet the network received an announcement: ${excerpt(JSON.stringify(moves[0]), 200)}. On a real network every announcement (a gratuitous ARP) moves the address, so a keeper announces only when it takes over. Read: ${T7_LESSON}`,
    );
    const role = (await keeperState(master)).role;
    check(role === 'master', () => `${context}, yet keeper ${master.name} stopped being master (role ${JSON.stringify(role)}). Read: ${T7_LESSON}`);
    await delay(INTERVAL_MS);
  }
}

describeTask('T7', () => {
  it('one keeper takes the address and keeps it while both are healthy; adverts are checked and a stale one is refused', async () => {
    const pair = await startPair('t7-steady', INTERVAL_MS);
    const { master, backup, epoch } = await waitForMaster(pair);
    const answered = await whoAnswers(pair);
    check(answered.name === master.name, () => `GET / on the public address should reach the master's balancer ${master.name}, got ${JSON.stringify(answered)}`);
    const backupState = await keeperState(backup);
    check(backupState.role === 'backup' && backupState.epoch === epoch, () => `keeper ${backup.name} should be a backup in the master's epoch ${epoch}, got ${excerpt(JSON.stringify(backupState))}. Read: ${T7_LESSON}`);
    await expectSteady(pair, master, 10 * INTERVAL_MS, 'both machines are healthy');

    const hostile: [string, string][] = [
      ['an epoch as a string', JSON.stringify({ epoch: String(epoch + 1), balancer: 'http://127.0.0.1:9' })],
      ['a negative epoch', JSON.stringify({ epoch: -1, balancer: 'http://127.0.0.1:9' })],
      ['a fractional epoch', JSON.stringify({ epoch: epoch + 0.5, balancer: 'http://127.0.0.1:9' })],
      ['a huge epoch', '{"epoch": 1e300, "balancer": "http://127.0.0.1:9"}'],
      ['no balancer', JSON.stringify({ epoch: epoch + 1 })],
      ['a balancer off loopback', JSON.stringify({ epoch: epoch + 1, balancer: 'http://example.com:80' })],
      ['quotes in the balancer', JSON.stringify({ epoch: epoch + 1, balancer: 'http://127.0.0.1:9"}' })],
      ['an array', JSON.stringify([epoch + 1, 'http://127.0.0.1:9'])],
      ['text that is not JSON', `epoch=${epoch + 1}`],
      ['5000 bytes', JSON.stringify({ epoch: epoch + 1, balancer: 'http://127.0.0.1:9', pad: 'x'.repeat(5000) })],
    ];
    for (const [what, body] of hostile) {
      const res = await request(`${backup.keeper.url}/keeper/advert`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, timeoutMs: 5000 });
      check(res.status === 400 || res.status === 413, () => `POST /keeper/advert with ${what}: expected 400 or 413, got ${res.status} ${excerpt(res.text)}. Read: ${T7_LESSON}`);
    }
    // Two masters can never share an epoch: an advert in the master's own epoch from another
    // balancer is refused, and the master stays master.
    const forged = await request(`${master.keeper.url}/keeper/advert`, { method: 'POST', body: { epoch, balancer: 'http://127.0.0.1:9' }, timeoutMs: 5000 });
    const answer = forged.status === 200 ? forged.json<{ accepted?: unknown; epoch?: unknown }>() : undefined;
    check(answer?.accepted === false, () => `keeper ${master.name} is master in epoch ${epoch}; an advert from another balancer in that same epoch must get {"accepted": false}, got ${forged.status} ${excerpt(forged.text)}. Read: ${T7_LESSON}`);
    check(answer?.epoch === epoch, () => `a refused advert's answer carries the refuser's epoch ${epoch}, got ${excerpt(forged.text)}`);
    await expectSteady(pair, master, 5 * INTERVAL_MS, 'the malformed and stale adverts should have changed nothing');
    const after = await keeperState(backup);
    check(after.role === 'backup' && after.epoch === epoch, () => `after malformed adverts keeper ${backup.name} should still be a backup in epoch ${epoch}, got ${excerpt(JSON.stringify(after))}`);
  });

  it('when the master machine dies (SIGKILL), the backup takes the address in a newer epoch and clients are answered again', async () => {
    const pair = await startPair('t7-kill', INTERVAL_MS);
    const { master, backup, epoch } = await waitForMaster(pair);
    signalMachine(master, 'SIGKILL');
    const killedAt = Date.now();
    const taken = await pollUntil(() => settledMaster(pair), {
      what: `keeper ${backup.name} to take the address after the master machine was killed (adverts every ${INTERVAL_MS} ms: about ${3 * INTERVAL_MS} ms of silence is enough)`,
      timeoutMs: 5000,
      intervalMs: 25,
    });
    check(taken.master === backup, () => `the killed keeper ${master.name} still reads as master`);
    check(taken.epoch > epoch, () => `keeper ${backup.name} took the address in epoch ${taken.epoch}, not newer than the dead master's ${epoch}. Read: ${T7_LESSON}`);
    const answered = await pollUntil(async () => ((await whoAnswers(pair)).name === backup.name ? Date.now() : undefined), {
      what: `GET / on the public address to reach balancer ${backup.name}`,
      timeoutMs: 3000,
      intervalMs: 20,
    });
    console.log(`T7: the public address answered again ${answered - killedAt} ms after the master machine was killed`);
  });

  it('a master paused for less than three intervals keeps the address: a late advert is not a dead master', async () => {
    // Adverts every 400 ms: the next one is at most 650 ms after the last even across a pause
    // of 250 ms, far below the 1,200 ms a backup waits; one that takes over after a single late
    // advert (400 ms) does so.
    const slow = 400;
    const pauseMs = 250;
    const pair = await startPair('t7-blip', slow);
    const { master } = await waitForMaster(pair);
    const since = Date.now();
    for (let i = 0; i < 3; i++) {
      signalMachine(master, 'SIGSTOP');
      try {
        await delay(pauseMs); // the fault's length: under one interval
      } finally {
        signalMachine(master, 'SIGCONT');
      }
      await delay(1000);
    }
    const moves = await announcementsBy(pair, pair.machines.find((m) => m !== master)!, since);
    check(
      moves.length === 0,
      () => `the master was paused three times for ${pauseMs} ms with ADVERT_INTERVAL_MS=${slow}, and the backup announced the address ${moves.length} time(s): wait for three intervals plus a skew without an advert before taking over. Read: ${T7_LESSON}`,
    );
    const role = (await keeperState(master)).role;
    check(role === 'master', () => `after three short pauses keeper ${master.name} should still be master, got role ${JSON.stringify(role)}`);
  });

  it('a paused master loses the address: its clients are reset, not left hanging; when it wakes it steps down and the address stays', async () => {
    const pair = await startPair('t7-pause', INTERVAL_MS);
    const { master, backup, epoch } = await waitForMaster(pair);
    // A keep-alive connection through the public address, spliced to the master's balancer.
    const client = await openClient(pair);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => {});
    client.on('data', () => {});
    client.write('GET / HTTP/1.1\r\nHost: public\r\n\r\n');
    signalMachine(master, 'SIGSTOP');
    let resumed = 0;
    try {
      client.write('GET / HTTP/1.1\r\nHost: public\r\n\r\n');
      const taken = await pollUntil(async () => {
        const network = await networkState(pair);
        return network.owner === backup.balancer.url ? network.epoch : undefined;
      }, { what: `keeper ${backup.name} to take the address from the paused master`, timeoutMs: 5000, intervalMs: 25 });
      check(taken > epoch, () => `the address moved in epoch ${taken}, not newer than ${epoch}`);
      await Promise.race([closed, delay(2000).then(() => Promise.reject(new Error('the client connection spliced to the paused balancer was still open 2 s after the address moved')))]);
      const answered = await whoAnswers(pair);
      check(answered.name === backup.name, () => `a new client should reach balancer ${backup.name} now, got ${JSON.stringify(answered)}`);
    } finally {
      signalMachine(master, 'SIGCONT');
      resumed = Date.now();
    }
    const newEpoch = (await networkState(pair)).epoch;
    await pollUntil(async () => {
      const state = await keeperState(master);
      return state.role === 'backup' && state.epoch === newEpoch;
    }, { what: `keeper ${master.name}, back from its pause, to step down to backup in epoch ${newEpoch} (the other keeper's adverts and answers carry it)`, timeoutMs: 3000, intervalMs: 25 });
    await expectSteady(pair, backup, 10 * INTERVAL_MS, `keeper ${master.name} woke up to find keeper ${backup.name} master`);
    const back = await announcementsBy(pair, master, resumed);
    check(back.length === 0, () => `keeper ${master.name} announced the address after waking up (${excerpt(JSON.stringify(back[0]))}): on a real network that takes the address back from a healthy master. Read: ${T7_LESSON}`);
  });

  it('a keeper that comes back after SIGKILL stays backup: it never announces while the master is advertising', async () => {
    const pair = await startPair('t7-return', INTERVAL_MS);
    const { master, backup } = await waitForMaster(pair);
    signalMachine(master, 'SIGKILL');
    const { epoch } = await pollUntil(async () => {
      const settled = await settledMaster(pair);
      return settled?.master === backup ? settled : undefined;
    }, { what: `keeper ${backup.name} to take the address after the master machine was killed`, timeoutMs: 5000, intervalMs: 25 });
    const restartedAt = Date.now();
    const returned = await restartMachine(master);
    await pollUntil(async () => {
      const state = await keeperState(returned);
      return state.role === 'backup' && state.epoch === epoch;
    }, { what: `the restarted keeper ${returned.name} to be a backup in epoch ${epoch} (it hears the master's adverts)`, timeoutMs: 3000, intervalMs: 25 });
    await expectSteady(pair, backup, 10 * INTERVAL_MS, `keeper ${returned.name} came back while keeper ${backup.name} is a healthy master`);
    const tries = await announcementsBy(pair, returned, restartedAt);
    check(
      tries.length === 0,
      () => `the restarted keeper ${returned.name} announced the address (${excerpt(JSON.stringify(tries[0]))}) while keeper ${backup.name} was a healthy master: a keeper that comes back listens first (no preemption, so no flapping). Read: ${T7_LESSON}`,
    );
  });
});
