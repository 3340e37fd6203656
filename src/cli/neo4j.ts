import { ConfigError, loadConfig } from "../config";
import { startLocalNeo4j } from "../db/local-neo4j";
import { runCommand } from "./command";

/** `npm run neo4j`: only the local Neo4j, in the foreground, until Ctrl-C. */
async function main(): Promise<number> {
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
    return 0;
  }
  console.log(
    `Local Neo4j running at ${local.uri} (data: ${config.database.dir}); Ctrl-C stops it.`,
  );
  // The child does not hold the event loop open (see startLocalNeo4j); this process waits for it,
  // and a second Ctrl-C while it stops changes nothing.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    process.on("SIGINT", resolve);
    process.on("SIGTERM", resolve);
  });
  clearInterval(keepAlive);
  await local.stop();
  return 0;
}

runCommand("neo4j", main);
