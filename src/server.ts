import http from "node:http";
import type { GraphQLSchema } from "graphql";
import { createAuthenticator } from "./auth/token";
import type { AuthConfig, Limits } from "./config";
import type { Context } from "./context";
import type { Db } from "./db/database";
import { loadStaticRoutes } from "./explorer/static";
import { createApollo } from "./http/apollo";
import { answerClientError } from "./http/client-error";
import { contextFromRequest, graphQLHandler } from "./http/graphql-handler";
import {
  createRouter,
  graphqlRoute,
  healthRoute,
  livezRoute,
  metricsRoute,
  staticRoute,
} from "./http/routes";
import type { Logger } from "./logger";
import { Metrics } from "./metrics";
import { gdapExpiryCounts } from "./services/gdap.service";
import type { Tracing } from "./tracing";

export interface ServerOptions {
  /** NODE_ENV=production: no introspection, no Sandbox landing page. */
  production: boolean;
  auth: AuthConfig;
  limits: Limits;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>` (METRICS_TOKEN). */
  metricsToken?: string | null;
  logger: Logger;
  /** OpenTelemetry tracing of each request (src/tracing.ts); null or unset: off. */
  tracing?: Tracing | null;
}

export interface AppServer {
  http: http.Server;
  /** Listens on host:port and resolves with the GraphQL URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking requests, lets those in flight finish (Apollo's drain), then stops Apollo. */
  stop(): Promise<void>;
}

/**
 * Apollo Server on a plain node:http server: /graphql, /health, /livez, /metrics and the
 * explorer's pages (src/http/ has each part). No web framework sits in between, so a request
 * costs only what Apollo and the resolvers cost.
 */
export async function createServer(
  schema: GraphQLSchema,
  db: Db,
  options: ServerOptions,
): Promise<AppServer> {
  const { logger, limits, production } = options;
  const server = http.createServer();
  const apollo = createApollo<Context>(schema, { production, limits, httpServer: server });
  await apollo.start();
  // The GDAP gauges are read at each scrape; not while the database is known to be away.
  const metrics = new Metrics(
    () => db.available,
    () => (db.available ? gdapExpiryCounts(db) : Promise.resolve(null)),
  );
  const graphql = graphQLHandler({
    apollo,
    limits,
    logger,
    metrics,
    tracing: options.tracing ?? null,
    createContext: contextFromRequest(db, createAuthenticator(options.auth)),
  });
  const routes = [
    healthRoute(db),
    livezRoute,
    metricsRoute(metrics, options.metricsToken ?? null),
    graphqlRoute(graphql),
    // Read once here, so a missing npm package stops the start rather than breaking a page.
    staticRoute(loadStaticRoutes()),
  ];
  server.on("request", createRouter(routes, logger));
  server.on("clientError", answerClientError);
  return {
    http: server,
    listen: (port, host) => listen(server, port, host),
    stop: () => apollo.stop(),
  };
}

function listen(server: http.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address !== null ? address.port : port;
      resolve(`http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}/graphql`);
    });
  });
}
