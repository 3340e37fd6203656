import "reflect-metadata";
import { startApp } from "./app";
import { ConfigError, loadConfig } from "./config";
import { LocalNeo4jError } from "./db/local-neo4j";
import { createLogger } from "./logger";

/** Entry point of `npm start`: read config, start everything, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  const logger = app.logger;
  const base = app.url.replace(/\/graphql$/, "");
  logger.info(
    { url: app.url, database: app.databaseUri, production: config.production },
    `csp-graph ready at ${app.url} (health: ${base}/health, metrics: ${base}/metrics, database: ${app.databaseUri})`,
  );

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, stopping...`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "Error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // The configured log level may be what failed to load; a start failure is always shown, as a
  // line a person can read at a terminal.
  const logger = createLogger("info", undefined, process.stdout.isTTY ? "pretty" : "json");
  if (error instanceof ConfigError || error instanceof LocalNeo4jError) {
    logger.fatal(`csp-graph cannot start: ${error.message}`);
  } else {
    logger.fatal({ err: error }, "csp-graph cannot start");
  }
  process.exit(1);
});
