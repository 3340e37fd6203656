import { loadConfig } from "../../src/config";
import type { Config } from "../../src/config";
import neo4j from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import { Db } from "../../src/db/database";
import { startApp } from "../../src/app";
import type { RunningApp } from "../../src/app";
import type { Logger } from "../../src/logger";
import type { Tracing } from "../../src/tracing";

/**
 * The config an integration test runs with: the test database, a free port, no demo data, no
 * request logs (LOG_LEVEL=debug or so shows them).
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const env = {
    ...process.env,
    PORT: "0",
    DEMO_DATA: "false",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    // A developer's OTEL_* variables are not for the tests' servers: a test turns tracing on.
    OTEL_SDK_DISABLED: "true",
  };
  // Planning every statement at each start would load the shared test Neo4j for nothing; the
  // readiness test turns it on.
  return { ...loadConfig(env), warmPlans: false, ...overrides };
}

/** A driver on the test database, for arranging and checking data directly. */
export function testDb(): Db {
  const config = testConfig();
  if (config.database.kind !== "remote") {
    throw new Error(
      "NEO4J_URI is not set: run integration tests through jest (global-setup starts Neo4j)",
    );
  }
  return Db.connect(config.database);
}

/** A bare driver on the test database and its name, for checks the registry has no query for. */
export function testDriver(): { driver: Driver; database: string } {
  const config = testConfig().database;
  if (config.kind !== "remote") throw new Error("integration tests run on NEO4J_URI");
  return {
    driver: neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password)),
    database: config.database,
  };
}

/** Removes every node and edge, for files that need a graph of their own. */
export async function resetGraph(db: Db): Promise<void> {
  await db.write("deleteEverything", {});
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
  extensions?: { cypherStatements?: number };
}

export interface TestServer {
  app: RunningApp;
  /** Posts an operation, with `Authorization: Bearer <token>` when a token is given. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Starts the real server against the test database, on a free loopback port; its logs go to
 * `logger` when one is given, and its spans to `tracing` (else as the config says).
 */
export async function startTestServer(
  overrides: Partial<Config> = {},
  logger?: Logger,
  tracing?: Tracing | null,
): Promise<TestServer> {
  const config = testConfig(overrides);
  const app = await startApp(config, () => undefined, logger, tracing);
  return {
    app,
    gql: async (query, variables, token) => {
      const response = await fetch(app.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    stop: () => app.stop(),
  };
}
