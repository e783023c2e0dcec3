// Provided · One Chirp node: chapter 05's node, whose role can now change while it runs. It
// opens its SQLite file, serves the Chirp API through the replication log, the replication API
// and the control API (promote, follow), and runs the follower loop whenever it is a follower.
// Its role, epoch and leader are durable: ROLE and LEADER_URL only set up a NEW node. SIGTERM
// or SIGINT stops it cleanly; SIGKILL must not hurt it either. Lesson: README.md, "Running the
// cluster".
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createChirpApp, listenChirp, loadOrExit } from '@scaling-lab/chirp';
import { Applier } from './apply.ts';
import { loadConfig } from './config.ts';
import { mountControlApi } from './control-api.ts';
import { databaseFile, openDatabase, readLastEpoch, readPosition } from './database.ts';
import { Fence } from './fencing.ts';
import { Follower } from './follower.ts';
import { FollowerTable } from './followers.ts';
import { minimumPosition, positionHeaders } from './headers.ts';
import { LeaderClient } from './leader-client.ts';
import { ReplicationLog } from './log.ts';
import { NodeStore } from './node-store.ts';
import { NodeState } from './node-state.ts';
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

// A new leader starts epoch 1; a new follower knows no epoch until its leader's first answer.
const node = new NodeState(db, config.role === 'leader' ? { role: 'leader', epoch: 1, leader: null } : { role: 'follower', epoch: 0, leader: config.leaderUrl! });
const fence = new Fence(node);
const positions = new PositionWatch(readPosition(db));
const followers = new FollowerTable();
const log = new ReplicationLog(db, { retain: config.logRetain });
const applier = new Applier(db, log);
const sync = new SyncReplication(followers, { replicas: config.syncReplicas, timeoutMs: config.syncTimeoutMs });
const store = new NodeStore(new ChirpReader(db), log, positions, sync, node);
let resyncs = 0;

/** The follower loop of the current leader, if this node follows one. */
let follower: Follower | undefined;

function startFollowing(leaderUrl: string): void {
  const leader = new LeaderClient(leaderUrl, config.nodeId);
  follower = new Follower({
    leader,
    applier,
    positions,
    node,
    fence,
    lastEpoch: () => readLastEpoch(db),
    fetchWaitMs: config.fetchWaitMs,
    // Download the leader's snapshot beside the database, swap it in, forget the file.
    bootstrap: async (signal) => {
      const file = path.join(scratchDir, `bootstrap-${randomUUID()}.db`);
      try {
        const point = await leader.downloadSnapshot(file, signal);
        const position = restoreSnapshot(db, file, point);
        resyncs++;
        console.log(`follower: resynced from ${leaderUrl}'s snapshot at position ${position}`);
        return position;
      } finally {
        rmSync(file, { force: true });
      }
    },
  });
  follower.start();
}

/** Runs the follower loop exactly when this node is a follower with a known leader. */
function syncFollowerLoop(): void {
  const wanted = node.isLeader ? null : node.leader;
  if (follower && follower.leaderUrl === wanted) return;
  follower?.stop();
  follower = undefined;
  if (wanted !== null) startFollowing(wanted);
}
node.onChange(syncFollowerLoop);

const app = createChirpApp({
  store,
  instance: config.nodeId,
  role: node.role,
  assets: false,
  health: () => ({
    role: node.role,
    epoch: node.epoch,
    position: positions.current,
    resyncs,
    ...(node.isLeader ? { followers: followers.toJSON() } : { leader: node.leader, ...(follower?.health() ?? {}) }),
  }),
  configure: (app) => {
    app.use(positionHeaders(config.nodeId, positions, node));
    app.use(writeGuard(node));
    app.use(fence.guardWrites());
    app.use(minimumPosition(positions, config.readWaitMs));
    mountReplicationApi(app, { db, log, positions, followers, node, fence, scratchDir });
    mountControlApi(app, { node, fence, positions });
  },
});

const server = listenChirp(app, config.port, config.host, () => {
  const state = node.snapshot();
  console.log(`chirp-node ${config.nodeId} (${state.role} in epoch ${state.epoch}${state.leader ? ` of ${state.leader}` : ''}) listening on http://${config.host}:${config.port} at position ${positions.current}`);
  syncFollowerLoop();
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
