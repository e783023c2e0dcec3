import { Router } from "express";
import { notFound } from "./http-errors.ts";
import { parseId, parseListQuery, parseNewChirp } from "./validation.ts";
function chirpsRouter(store) {
  const router = Router();
  void store;
  void notFound;
  void parseId;
  void parseListQuery;
  void parseNewChirp;
  return router;
}
export {
  chirpsRouter
};
