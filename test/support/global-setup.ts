import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalNeo4j } from "../../src/db/local-neo4j";
import type { LocalNeo4j } from "../../src/db/local-neo4j";

declare global {
  var __TEST_NEO4J__: { local: LocalNeo4j; dir: string } | undefined;
}

/**
 * Starts a throwaway local Neo4j (temporary folder, free port) for the integration tests, unless
 * NEO4J_URI names one already. Workers inherit NEO4J_URI from here.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-test-neo4j-"));
  const started = Date.now();
  const local = await startLocalNeo4j({
    dir,
    heapMb: 1024,
    pagecacheMb: 1024,
    log: (line) => process.stdout.write(`\n${line}\n`),
  });
  process.stdout.write(
    `\nTest Neo4j at ${local.uri} (${dir}), ready in ${Date.now() - started} ms\n`,
  );
  process.env.NEO4J_URI = local.uri;
  process.env.NEO4J_PASSWORD = "";
  globalThis.__TEST_NEO4J__ = { local, dir };
}
