import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config";
import { PROJECT_ROOT, checkAuthConfig } from "./config";
import { openDatabase } from "./db/connect";
import { describeAvailabilityChange, describeProbeError } from "./db/database";
import type { Db } from "./db/database";
import { writeEcosystem } from "./db/ecosystem.writer";
import { formatProblems, parseEcosystem } from "./interchange";
import { createLogger } from "./logger";
import type { Logger } from "./logger";
import { createSchema } from "./schema";
import { createServer } from "./server";
import { reauditIfStale } from "./services/audit.service";
import { Tracing } from "./tracing";

export const DEMO_FILE = path.join(PROJECT_ROOT, "src", "demo", "ecosystem.json");

export interface RunningApp {
  url: string;
  db: Db;
  databaseUri: string;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * Brings the whole service up: database (local or remote), schema, demo data, GraphQL server.
 * Each step logs one line (to `log`, else to the logger), so a slow first start shows where the
 * time goes. Refuses production without a JWT key before touching anything.
 */
export async function startApp(
  config: Config,
  log?: (line: string) => void,
  logger: Logger = createLogger(config.logLevel, undefined, config.logFormat),
  tracing: Tracing | null = Tracing.fromConfig(config.tracing),
): Promise<RunningApp> {
  checkAuthConfig(config.production, config.auth);
  if (config.auth.key === null) {
    logger.warn(
      "No JWT_SECRET or JWT_PUBLIC_KEY: every request is served as an anonymous ADMIN. " +
        "Fine on a developer's machine; NODE_ENV=production refuses to start like this.",
    );
  }
  const step = log ?? ((line: string) => logger.info(line));
  const database = await openDatabase(config.database, step, {
    txTimeoutMs: config.neo4jTxTimeoutMs,
    writeWaitMs: config.writeWaitMs,
    maintainFindings: config.findingsMaintenance,
    onAvailabilityChange: (available, why) => {
      const line = describeAvailabilityChange(available, why);
      if (available) logger.info(line);
      else logger.error({ err: why }, line);
    },
    onProbeError: (error, outage) =>
      logger.warn({ err: error, outage }, describeProbeError(error, outage)),
  });
  try {
    await database.db.applySchema(step);
    if (config.demoData) await loadDemoDataIfEmpty(database.db, step);
    const server = await createServer(await createSchema(), database.db, {
      production: config.production,
      auth: config.auth,
      limits: config.limits,
      metricsToken: config.metricsToken,
      logger,
      tracing,
    });
    const url = await server.listen(config.port, config.host);
    if (config.warmPlans) warmInBackground(database.db, step, logger);
    const reaudit = await reauditIfStale(database.db, step, (error: unknown) =>
      logger.error({ err: error }, "Re-auditing the stored findings failed"),
    );
    return {
      url,
      db: database.db,
      databaseUri: database.uri,
      logger,
      stop: async () => {
        await server.stop();
        // A re-audit still running at start's end finishes before its driver closes.
        await reaudit.done;
        // The last requests' spans leave before the process does.
        await tracing?.shutdown();
        await database.close();
      },
    };
  } catch (error) {
    await tracing?.shutdown();
    await database.close();
    throw error;
  }
}

/**
 * Has Neo4j plan every statement while the server already listens: /livez answers at once, and
 * /health says 503 "warming" until the plans are made, so a load balancer sends no request
 * before. A statement that cannot be planned is a bug: logged, and the server serves anyway.
 */
function warmInBackground(db: Db, step: (line: string) => void, logger: Logger): void {
  const started = Date.now();
  db.warm().then(
    (planned) => step(`Planned ${planned} statements in ${Date.now() - started} ms; ready`),
    (error: unknown) => logger.error({ err: error }, "Planning the statements failed"),
  );
}

/** Loads the demo ecosystem into an empty graph; a graph with anything in it is left alone. */
export async function loadDemoDataIfEmpty(db: Db, log: (line: string) => void): Promise<boolean> {
  const [row] = await db.read("graphIsEmpty", {});
  if (row?.empty !== true) return false;
  const { doc, problems } = parseEcosystem(JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")));
  // The demo ships with the code, so a problem in it is a bug to fix, not data to skip.
  if (problems.length > 0) {
    throw new Error(`The demo ecosystem ${DEMO_FILE} is invalid:\n${formatProblems(problems)}`);
  }
  await writeEcosystem(db, doc);
  log(
    `Loaded the demo ecosystem: ${doc.partners.length} partners, ${doc.customers.length} customers, ${doc.tenants.length} tenants, ${doc.edges.length} edges`,
  );
  return true;
}
