import { ConfigError, loadConfig } from "../config";
import { LocalNeo4jError, startLocalNeo4j } from "../db/local-neo4j";

/** `npm run neo4j`: only the local Neo4j, in the foreground, until Ctrl-C. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.database.kind === "remote") {
    throw new ConfigError(
      "NEO4J_URI",
      "is set, so there is no local Neo4j to start; unset it to use the local one",
    );
  }
  const port = process.env.LOCAL_NEO4J_BOLT_PORT
    ? Number(process.env.LOCAL_NEO4J_BOLT_PORT)
    : undefined;
  const local = await startLocalNeo4j({ ...config.database, port, log: console.log });
  if (!local.owned) {
    console.log(`A local Neo4j is already running on ${config.database.dir}: ${local.uri}`);
    return;
  }
  console.log(
    `Local Neo4j running at ${local.uri} (data: ${config.database.dir}); Ctrl-C stops it.`,
  );
  // The child does not hold the event loop open (see startLocalNeo4j); this process waits for it.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = (): void => {
    clearInterval(keepAlive);
    local.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof LocalNeo4jError;
  console.error(known ? `neo4j: ${(error as Error).message}` : error);
  process.exit(1);
});
