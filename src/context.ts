import type { Db, StatementCounter } from "./db/database";
import { createLoaders } from "./loaders/node.loaders";
import type { Loaders } from "./loaders/node.loaders";

/** What every resolver of one request sees. */
export interface Context {
  /** The database, counting this request's statements into `stats`. */
  db: Db;
  stats: StatementCounter;
  loaders: Loaders;
}

export function createContext(db: Db): Context {
  const stats: StatementCounter = { statements: 0 };
  const counted = db.withCounter(stats);
  return { db: counted, stats, loaders: createLoaders(counted) };
}
