import "reflect-metadata";
import { startApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { LocalNeo4jError } from "./db/local-neo4j";

/** Entry point of `npm start`: read config, start everything, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  console.log(
    `csp-graph ready at ${app.url} (health: ${app.url.replace(/\/graphql$/, "/health")}, database: ${app.databaseUri})`,
  );

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping...`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Error while stopping:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof LocalNeo4jError) {
    console.error(`csp-graph cannot start: ${error.message}`);
  } else {
    console.error("csp-graph cannot start:", error);
  }
  process.exit(1);
});
