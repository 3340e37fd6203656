import { loadConfig } from "../config";
import { openDatabase } from "../db/connect";
import { connectivityLog } from "../db/database";
import type { OpenDatabase } from "../db/connect";

/**
 * The database a command line tool works on: NEO4J_URI, or the local Neo4j already running for
 * LOCAL_NEO4J_DIR, or one it starts (and stops again when done). Constraints are applied first.
 */
export async function openCliDatabase(log: (line: string) => void): Promise<OpenDatabase> {
  const database = await openDatabase(loadConfig().database, log, connectivityLog(log));
  await database.db.applySchema(log);
  return database;
}
