// Provided · One Chirp node, leader or follower (ROLE). It opens its SQLite file, serves the
// Chirp API through your replication log (T1), serves the replication API, and on a follower
// refuses writes (T3) and runs the follower loop (T2, T7). With PEER_URL it is one of two
// leaders (T8): its writes are stamped by your hybrid clock and the peer's are merged by your
// conflict rule. SIGTERM or SIGINT stops it cleanly;
// SIGKILL must not hurt it either: that is what the transactions of T1 and T2 are for.
// Lesson: README.md, "Running a node".
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createChirpApp, listenChirp, loadOrExit } from '@scaling-lab/chirp';
import { Applier } from './apply.ts';
import { loadConfig } from './config.ts';
import { databaseFile, openDatabase, readPosition } from './database.ts';
import { Follower } from './follower.ts';
import { FollowerTable } from './followers.ts';
import { minimumPosition, positionHeaders } from './headers.ts';
import { LeaderClient } from './leader-client.ts';
import { ReplicationLog } from './log.ts';
import { NodeStore } from './node-store.ts';
import { PositionWatch } from './positions.ts';
import { ChirpReader } from './reads.ts';
import { mountReplicationApi } from './replication-api.ts';
import { restoreSnapshot } from './snapshot.ts';
import { SyncReplication } from './sync.ts';
import { writeGuard } from './write-guard.ts';

const SHUTDOWN_GRACE_MS = 10_000;

const config = loadOrExit('chirp-node', () => loadConfig());
const db = openDatabase(databaseFile(config.dataDir));
const scratchDir = path.join(config.dataDir, 'tmp');
rmSync(scratchDir, { recursive: true, force: true }); // leftovers of a killed process
mkdirSync(scratchDir, { recursive: true });

const positions = new PositionWatch(readPosition(db));
const followers = new FollowerTable();
const log = new ReplicationLog(db, { retain: config.logRetain });
const sync = new SyncReplication(followers, { replicas: config.syncReplicas, timeoutMs: config.syncTimeoutMs });
const reader = new ChirpReader(db);

// T8: one of two leaders. Loaded only in that mode: no other role touches T8's code.
const twoLeaders = config.peerUrl ? (await import('./two-leader-node.ts')).setUpTwoLeaders(config, db, reader, positions) : undefined;
const peer = twoLeaders?.peer;
const store = twoLeaders?.store ?? new NodeStore(reader, log, positions, sync);

let follower: Follower | undefined;
if (config.role === 'follower') {
  const leader = new LeaderClient(config.leaderUrl!, config.nodeId);
  follower = new Follower({
    leader,
    applier: new Applier(db),
    positions,
    fetchWaitMs: config.fetchWaitMs,
    // T7: download the leader's snapshot beside the database, swap it in, forget the file.
    bootstrap: async (signal) => {
      const file = path.join(scratchDir, `bootstrap-${randomUUID()}.db`);
      try {
        const snapshotPosition = await leader.downloadSnapshot(file, signal);
        const position = restoreSnapshot(db, file, snapshotPosition);
        console.log(`follower: bootstrapped from the leader's snapshot at position ${position}`);
        return position;
      } finally {
        rmSync(file, { force: true });
      }
    },
  });
}

const app = createChirpApp({
  store,
  instance: config.nodeId,
  role: config.role,
  assets: false,
  health: () => ({
    position: positions.current,
    ...(follower ? { leader: config.leaderUrl, ...follower.health() } : peer ? peer.health() : { followers: followers.toJSON() }),
  }),
  configure: (app) => {
    app.use(positionHeaders(config.nodeId, positions));
    if (config.role === 'follower') app.use(writeGuard(config.leaderUrl!));
    app.use(minimumPosition(positions, config.readWaitMs));
    mountReplicationApi(app, { db, log, positions, followers, scratchDir });
    twoLeaders?.mount(app);
  },
});

const server = listenChirp(app, config.port, config.host, () => {
  console.log(`chirp-node ${config.nodeId} (${config.role}${follower ? ` of ${config.leaderUrl}` : ''}${peer ? `, with ${config.peerUrl}` : ''}) listening on http://${config.host}:${config.port} at position ${positions.current}`);
  follower?.start();
  peer?.start();
});
server.on('error', (error) => {
  console.error(`chirp-node: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`chirp-node: ${signal} received, finishing in-flight requests`);
  follower?.stop();
  peer?.stop();
  server.close(() => {
    db.close();
    process.exit(0);
  });
  // Long polls in flight would hold close() for up to their wait: cut them after a moment.
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
