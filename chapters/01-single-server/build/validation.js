import { badRequest } from "./http-errors.ts";
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
function parseNewChirp(body) {
  void badRequest;
  return body;
}
function parseId(raw) {
  void raw;
  throw new Error("TODO(T2): parseId() is not written yet");
}
function parseListQuery(query) {
  void query;
  throw new Error("TODO(T3): parseListQuery() is not written yet");
}
export {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  parseId,
  parseListQuery,
  parseNewChirp
};
