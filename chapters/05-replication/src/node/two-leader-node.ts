// Provided · The parts a node adds when it is one of two leaders (PEER_URL, T8): your clock on
// the configured wall clock, the two-leader store, the loop that fetches the peer's changes,
// and the routes. main.ts loads this file only in that mode, so a node in any other role never
// loads T8's code. Lesson: README.md, "T8 · Two leaders".
import type { Express } from 'express';
import type { NodeConfig } from './config.ts';
import type { Db } from './database.ts';
import { HybridClock } from './hlc.ts';
import { Peer } from './peer.ts';
import { mountPeerApi } from './peer-api.ts';
import type { PositionWatch } from './positions.ts';
import type { ChirpReader } from './reads.ts';
import { TwoLeaderStore } from './two-leaders.ts';

export interface TwoLeaderNode {
  store: TwoLeaderStore;
  peer: Peer;
  mount: (app: Express) => void;
}

export function setUpTwoLeaders(config: NodeConfig, db: Db, reader: ChirpReader, positions: PositionWatch): TwoLeaderNode {
  // The tests skew this clock or stop it, to show what your hybrid clock survives.
  const { clockSkewMs, clockStoppedAtMs } = config;
  const wallClock = clockStoppedAtMs !== undefined ? () => clockStoppedAtMs : () => Date.now() + clockSkewMs;
  const store = new TwoLeaderStore(db, reader, positions, { clock: new HybridClock(config.nodeId, wallClock), idOffset: config.idOffset, wallClock });
  return {
    store,
    peer: new Peer(config.peerUrl!, store, { fetchWaitMs: config.fetchWaitMs, node: config.nodeId, idOffset: config.idOffset }),
    mount: (app) => mountPeerApi(app, store, positions, { node: config.nodeId, idOffset: config.idOffset }),
  };
}
