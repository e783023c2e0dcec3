import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
class ChirpStore {
  constructor(db) {
    this.db = db;
  }
  db;
  static open(dataDir) {
    void mkdirSync;
    void path;
    void dataDir;
    return new ChirpStore(void 0);
  }
  create(chirp) {
    void chirp;
    throw new Error("TODO(T2): ChirpStore.create() is not written yet");
  }
  get(id) {
    void id;
    throw new Error("TODO(T2): ChirpStore.get() is not written yet");
  }
  delete(id) {
    void id;
    throw new Error("TODO(T2): ChirpStore.delete() is not written yet");
  }
  list(query) {
    void query;
    throw new Error("TODO(T3): ChirpStore.list() is not written yet");
  }
  close() {
    void this.db;
  }
}
export {
  ChirpStore
};
