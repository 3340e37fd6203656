import type { DatabaseTarget } from "../config";
import { Db } from "./database";
import type { DbOptions } from "./database";
import { startLocalNeo4j } from "./local-neo4j";

export interface OpenDatabase {
  db: Db;
  uri: string;
  /** Closes the driver, and stops the local Neo4j if this process started it. */
  close(): Promise<void>;
}

/** Driver settings beyond where the database is (the server's transaction timeout, …). */
export type ConnectionTuning = Pick<
  DbOptions,
  "txTimeoutMs" | "onAvailabilityChange" | "onProbeError" | "writeWaitMs" | "maintainFindings"
>;

/** Connects to the configured Neo4j, starting the local one first when no NEO4J_URI is given. */
export async function openDatabase(
  target: DatabaseTarget,
  log: (line: string) => void,
  tuning: ConnectionTuning = {},
): Promise<OpenDatabase> {
  if (target.kind === "remote") {
    const db = Db.connect({ ...target, ...tuning });
    return { db, uri: target.uri, close: () => db.close() };
  }
  const local = await startLocalNeo4j({ ...target, log });
  if (local.owned) log(`Local Neo4j started on ${target.dir} at ${local.uri}`);
  const db = Db.connect({
    uri: local.uri,
    user: "neo4j",
    password: "",
    database: target.database,
    ...tuning,
  });
  return {
    db,
    uri: local.uri,
    close: async () => {
      await db.close();
      await local.stop();
    },
  };
}
