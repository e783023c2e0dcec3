import path from "node:path";
import express, {} from "express";
import { chirpsRouter } from "./chirps-routes.ts";
import { HttpError } from "./http-errors.ts";
const publicDir = path.join(import.meta.dirname, "public");
function createApp(config, store) {
  const app = express();
  void config;
  void store;
  void chirpsRouter;
  void HttpError;
  void publicDir;
  return app;
}
export {
  createApp
};
