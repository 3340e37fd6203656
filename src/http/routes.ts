import crypto from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { serveStatic } from "../explorer/static";
import type { StaticRoutes } from "../explorer/static";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { headerValue, sendJson } from "./responses";

/**
 * Answers a request and says true, or says false when the request is not its own. Plain
 * functions rather than a web framework's router: a request costs only what it asks for.
 */
export type Route = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => boolean | Promise<boolean>;

/**
 * The server's request listener: the first route that answers, else 404. A route that fails is
 * logged and answered 500 (or cut short when its answer had begun).
 */
export function createRouter(routes: readonly Route[], logger: Logger): RequestListener {
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    for (const route of routes) {
      const answered = route(req, res, url);
      if (answered === true || (answered !== false && (await answered))) return;
    }
    sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  };
  return (req, res) => {
    answer(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "Request failed outside GraphQL");
      if (!res.headersSent) sendJson(res, 500, { error: "internal server error" });
      else res.end();
    });
  };
}

/** A route for GET and HEAD of one path. */
function getRoute(
  pathname: string,
  answer: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Route {
  return (req, res, url) => {
    if (url.pathname !== pathname || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const answered = answer(req, res);
    return answered instanceof Promise ? answered.then(() => true) : true;
  };
}

/** What /health asks of the database. */
export interface Readiness {
  /** The database answers and every statement is planned (Db.warm). */
  isReady(): Promise<boolean>;
  isReachable(): Promise<boolean>;
}

/**
 * GET /health: 200 once the database answers and every statement is planned, so the first
 * requests a load balancer sends do not each wait for Neo4j to plan theirs; until then 503,
 * `warming` or `unavailable`.
 */
export function healthRoute(db: Readiness): Route {
  return getRoute("/health", async (_req, res) => {
    const ready = await db.isReady();
    const reachable = ready || (await db.isReachable());
    sendJson(res, ready ? 200 : 503, {
      status: ready ? "ok" : reachable ? "warming" : "unavailable",
      database: reachable,
    });
  });
}

/** GET /livez: the process serves HTTP; whatever the database does, restarting it would not help. */
export const livezRoute: Route = getRoute("/livez", (_req, res) => {
  sendJson(res, 200, { status: "live" });
});

/** GET /metrics in Prometheus's text format; with a token (METRICS_TOKEN), only for its bearer. */
export function metricsRoute(
  metrics: Pick<Metrics, "contentType" | "render">,
  token: string | null,
): Route {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return getRoute("/metrics", async (req, res) => {
    if (expected !== null && !sameBytes(headerValue(req, "authorization") ?? "", expected)) {
      res.setHeader("www-authenticate", 'Bearer realm="csp-graph-metrics"');
      sendJson(res, 401, { error: "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>" });
      return;
    }
    res.setHeader("content-type", metrics.contentType);
    res.end(await metrics.render());
  });
}

/** Compared in constant time: how long the answer takes does not tell how much of a guess is right. */
function sameBytes(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given);
  return bytes.length === expected.length && crypto.timingSafeEqual(bytes, expected);
}

/** Any method on /graphql, to the GraphQL handler (src/http/graphql-handler.ts). */
export function graphqlRoute(
  handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
): Route {
  return (req, res, url) => url.pathname === "/graphql" && handle(req, res, url).then(() => true);
}

/** The chain explorer and GraphiQL pages (src/explorer/static.ts). */
export function staticRoute(routes: StaticRoutes): Route {
  return (req, res, url) => serveStatic(routes, req, res, url.pathname);
}
