import crypto from "node:crypto";
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { ApolloServer, HeaderMap } from "@apollo/server";
import type { ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { GraphQLError, Kind } from "graphql";
import type { GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { createAuthenticator } from "./auth/token";
import type { AuthConfig, Limits } from "./config";
import { createContext } from "./context";
import type { Context } from "./context";
import type { BookmarkChain, Db } from "./db/database";
import { AppError, ErrorCode } from "./errors";
import { loadStaticRoutes, serveStatic } from "./explorer/static";
import { IDEMPOTENCY_HEADER, idempotencyScope } from "./idempotency";
import type { IdempotencyScope } from "./idempotency";
import { QueryTooComplexError, checkTokens, checkVariables, queryLimitsPlugin } from "./limits";
import type { Logger } from "./logger";
import type { Tracing } from "./tracing";
import { Metrics } from "./metrics";
import { gdapExpiryCounts } from "./services/gdap.service";
import { newRequestRecord, outcomeOf } from "./request-scope";
import type { RequestRecord } from "./request-scope";

// Codes graphql-js and Apollo give to errors in the request itself (parse, validation, variables).
const REQUEST_ERROR_CODES = new Set<string>([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

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
  stop(): Promise<void>;
}

/**
 * Lets coded errors through and masks everything else as INTERNAL_SERVER_ERROR, with no stack
 * trace or driver text; the original goes to the request's log, and the client gets the
 * request id to quote.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  error: unknown,
  request?: Pick<RequestRecord, "id" | "log">,
): GraphQLFormattedError {
  const original = rootCause(error);
  if (original instanceof AppError) return formatted;
  // Errors graphql-js or Apollo raise about the request itself carry a code and no foreign cause.
  const code = formatted.extensions?.code;
  const raisedByGraphQL = !(original instanceof Error) || original instanceof GraphQLError;
  if (raisedByGraphQL && typeof code === "string" && REQUEST_ERROR_CODES.has(code))
    return formatted;
  request?.log.error({ err: original }, "Unexpected error while serving a request");
  return {
    message: "Internal server error",
    extensions: {
      code: ErrorCode.INTERNAL_SERVER_ERROR,
      ...(request !== undefined ? { requestId: request.id } : {}),
    },
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
}

// The original error behind each masked one, from formatError (which sees no request) to the
// plugin below (which does), where it is logged with the request's id.
const maskedOriginals = new WeakMap<GraphQLFormattedError, unknown>();

/**
 * Keeps the request's record, through the context rather than AsyncLocalStorage (whose promise
 * hooks would cost every request of a promise-heavy server): names the operation for the logs
 * and metrics (its type and first root field, `query.partners`: field names come from the
 * schema, so the label cannot grow without bound the way client-chosen names could); collects
 * the errors the client gets, each masked one logged with the request id that the client gets
 * too; and reports how many Cypher statements the operation ran as
 * `extensions.cypherStatements` (the N+1 tests and the benchmarks read it, and so can anyone
 * tuning a query in Sandbox).
 */
const requestRecordPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation !== undefined) contextValue.request.operation = operationLabel(operation);
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== "single") return;
        const result = response.body.singleResult;
        const { request } = contextValue;
        if (result.errors !== undefined) {
          result.errors = result.errors.map((formatted) =>
            maskedOriginals.has(formatted)
              ? maskError(formatted, maskedOriginals.get(formatted), request)
              : formatted,
          );
          request.errors.push(...result.errors);
        }
        result.extensions = {
          ...result.extensions,
          cypherStatements: request.stats.statements,
          ...(contextValue.bookmarks?.written ? { bookmark: contextValue.bookmarks.written } : {}),
        };
      },
    };
  },
};

function operationLabel(operation: OperationDefinitionNode): string {
  const field = operation.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD,
  );
  return `${operation.operation}.${field?.kind === Kind.FIELD ? field.name.value : "fragment"}`;
}

/**
 * An unexpected error while building the context, logged with the request id and turned into
 * the coded INTERNAL_SERVER_ERROR the client would get, carrying that id: Apollo answers a
 * failed context outside its pipeline, where the plugin above cannot see it.
 */
function unexpectedAsInternal(error: unknown, record: RequestRecord): unknown {
  if (error instanceof AppError) return error;
  record.log.error({ err: error }, "Unexpected error while serving a request");
  return new AppError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", {
    requestId: record.id,
  });
}

/** The errors of a GraphQL response body, or none when it has none or is not JSON. */
function errorsIn(body: string): GraphQLFormattedError[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed.errors) ? (parsed.errors as GraphQLFormattedError[]) : [];
  } catch {
    return [];
  }
}

/** The error a resolver (or graphql-js) actually threw, under GraphQL's wrapping. */
function rootCause(error: unknown): unknown {
  let current = error;
  while (
    current instanceof GraphQLError &&
    current.originalError !== undefined &&
    !(current instanceof AppError)
  ) {
    current = current.originalError;
  }
  return current;
}

/**
 * Apollo Server on a plain node:http server: POST/GET /graphql, GET /health and GET /metrics.
 * No web framework sits in between, so a request costs only what Apollo and the resolvers cost.
 */
export async function createServer(
  schema: GraphQLSchema,
  db: Db,
  options: ServerOptions,
): Promise<AppServer> {
  const { logger, limits, production } = options;
  const authenticate = createAuthenticator(options.auth);
  const metricsToken = options.metricsToken ?? null;
  const metricsAllowed = (authorization: string | undefined): boolean => {
    if (metricsToken === null) return true;
    const expected = Buffer.from(`Bearer ${metricsToken}`);
    const given = Buffer.from(authorization ?? "");
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  };
  // The GDAP gauges are read at each scrape; not while the database is known to be away.
  const metrics = new Metrics(
    () => db.available,
    () => (db.available ? gdapExpiryCounts(db) : Promise.resolve(null)),
  );
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: (formatted, error) => {
      const bounded = boundMessage(formatted, production);
      const masked = maskError(bounded, error);
      if (masked !== bounded) maskedOriginals.set(masked, error);
      return masked;
    },
    includeStacktraceInErrorResponses: false,
    // graphql-js's "Did you mean …?" on a misspelt field names the schema's fields to anyone
    // with a token, introspection off or not: a blind-introspection tool rebuilt it from them.
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    // src/index.ts stops everything on SIGINT/SIGTERM; Apollo's own handler would race it and
    // re-send the signal to a process whose handler ignores repeats, leaving it hanging.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // The HTTP layer refuses longer documents with QUERY_TOO_COMPLEX first; this is the backstop.
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: !production,
    plugins: [
      requestRecordPlugin,
      queryLimitsPlugin(limits),
      // No field sets cache hints, and Apollo's default cache-control plugin would otherwise
      // wrap every field resolver of every request (a field-level hook) for nothing.
      ApolloServerPluginCacheControlDisabled(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();
  // The chain explorer and GraphiQL pages, read once here so a missing npm package stops the start.
  const staticRoutes = loadStaticRoutes();

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "Request failed outside GraphQL");
      if (!res.headersSent) sendJson(res, 500, { error: "internal server error" });
      else res.end();
    });
  });
  server.on("clientError", answerClientError);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      // Ready: the database answers and every statement is planned (Db.warm), so the first
      // requests a load balancer sends do not each wait for Neo4j to plan theirs.
      const ready = await db.isReady();
      const reachable = ready || (await db.isReachable());
      sendJson(res, ready ? 200 : 503, {
        status: ready ? "ok" : reachable ? "warming" : "unavailable",
        database: reachable,
      });
      return;
    }
    if (url.pathname === "/livez" && (req.method === "GET" || req.method === "HEAD")) {
      // The process serves HTTP: whatever the database does, restarting it would not help.
      sendJson(res, 200, { status: "live" });
      return;
    }
    if (url.pathname === "/metrics" && (req.method === "GET" || req.method === "HEAD")) {
      if (!metricsAllowed(headerValue(req, "authorization"))) {
        res.setHeader("www-authenticate", 'Bearer realm="csp-graph-metrics"');
        sendJson(res, 401, { error: "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>" });
        return;
      }
      res.setHeader("content-type", metrics.contentType);
      res.end(await metrics.render());
      return;
    }
    if (url.pathname === "/graphql") {
      const record = newRequestRecord(
        logger,
        headerValue(req, "x-request-id"),
        options.tracing?.startRequest(req.headers) ?? null,
      );
      res.setHeader("x-request-id", record.id);
      try {
        await serveGraphQL(req, res, url, record);
      } finally {
        finishRequest(record, res.statusCode);
      }
      return;
    }
    if (serveStatic(staticRoutes, req, res, url.pathname)) return;
    sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  }

  /** One log line and the metrics of a finished GraphQL request. */
  function finishRequest(record: RequestRecord, status: number): void {
    metrics.observe(record);
    const outcome = outcomeOf(record);
    const { statements } = record.stats;
    record.log.info(
      {
        operation: record.operation,
        outcome,
        status,
        ms: Number((process.hrtime.bigint() - record.startedAt) / 1_000_000n),
        statements,
      },
      "graphql request",
    );
    record.trace?.end({
      operation: record.operation,
      outcome,
      status,
      statements,
      requestId: record.id,
    });
  }

  async function serveGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    record: RequestRecord,
  ): Promise<void> {
    const declared = Number(headerValue(req, "content-length") ?? "0");
    const body =
      declared > limits.maxBodyBytes ? declared : await readBody(req, limits.maxBodyBytes);
    if (typeof body === "number") {
      // Whatever of the body is still coming is not worth reading: close after answering.
      res.setHeader("connection", "close");
      sendErrors(
        res,
        record,
        413,
        new QueryTooComplexError("bodyBytes", limits.maxBodyBytes, body),
      );
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    let parsed: unknown = body;
    if (body !== "" && (headers.get("content-type") ?? "").includes("application/json")) {
      try {
        parsed = JSON.parse(body);
      } catch {
        sendErrors(res, record, 400, {
          message: "the request body is not valid JSON",
          extensions: { code: "BAD_REQUEST" },
        });
        return;
      }
    }
    // Counted before Apollo parses, validates or coerces anything: each of those costs time
    // (or stack) in proportion to what these limits bound.
    const overLimit =
      checkTokens(queryText(parsed, url), limits) ??
      checkVariables(variablesOf(parsed, url), limits);
    if (overLimit !== null) {
      sendErrors(res, record, 400, overLimit);
      return;
    }
    const bookmarks = bookmarksIn(headerValue(req, BOOKMARK_HEADER));
    if (bookmarks === null) {
      sendErrors(res, record, 400, {
        message: `${BOOKMARK_HEADER}: at most ${MAX_BOOKMARKS} bookmarks this server handed out`,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: BOOKMARK_HEADER },
      });
      return;
    }
    let idempotency: IdempotencyScope | null = null;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? "GET",
        headers,
        search: url.search,
        body: parsed,
      },
      // Throws UNAUTHENTICATED (HTTP 401) for a missing or bad token where one is required.
      context: async () => {
        try {
          const principal = authenticate(headerValue(req, "authorization"));
          idempotency = idempotencyScope(headerValue(req, IDEMPOTENCY_HEADER), principal);
          return createContext(db, principal, record, idempotency, bookmarks);
        } catch (error) {
          throw unexpectedAsInternal(error, record);
        }
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    // The write's bookmark: sent back on the next request, through any replica, it makes that
    // request's reads wait until the database serving them has this write.
    if (bookmarks.written !== null) res.setHeader(BOOKMARK_HEADER, bookmarks.written.join(", "));
    if ((idempotency as IdempotencyScope | null)?.replayed === true) {
      res.setHeader("idempotent-replayed", "true");
    }
    if (response.body.kind === "complete") {
      // Refusals Apollo answers before its request pipeline (no context, no plugins) are
      // recorded from the body; they are coded errors, so there is nothing to log.
      if (record.errors.length === 0 && res.statusCode >= 400) {
        record.errors.push(...errorsIn(response.body.string));
      }
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return {
    http: server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          const actualPort = typeof address === "object" && address !== null ? address.port : port;
          resolve(`http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}/graphql`);
        });
      }),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

/** The header that carries a write's bookmark out, and the client's last one in. */
const BOOKMARK_HEADER = "neo4j-bookmark";
const MAX_BOOKMARKS = 16;
// Neo4j's bookmarks are short tokens of letters, digits and a few signs, never commas.
const BOOKMARK_SHAPE = /^[A-Za-z0-9:+/=_.-]{1,512}$/;

/** The request's chain of bookmarks (its header's, comma separated), or null when malformed. */
function bookmarksIn(header: string | undefined): BookmarkChain | null {
  const given = (header ?? "")
    .split(",")
    .map((bookmark) => bookmark.trim())
    .filter((bookmark) => bookmark !== "");
  if (given.length > MAX_BOOKMARKS || !given.every((b) => BOOKMARK_SHAPE.test(b))) return null;
  return { current: given, written: null };
}

/**
 * The body as text, or the number of bytes received once it passes `maxBytes` (a lower bound of
 * its size: the rest is read and dropped until the response closes the connection).
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        resolve(size);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The GraphQL document of a request: `query` in a JSON body, or in the URL of a GET. */
function queryText(body: unknown, url: URL): string {
  if (typeof body === "object" && body !== null && "query" in body) {
    return typeof body.query === "string" ? body.query : "";
  }
  return url.searchParams.get("query") ?? "";
}

/** The variables of a request: `variables` in a JSON body, or JSON in the URL of a GET. */
function variablesOf(body: unknown, url: URL): unknown {
  if (typeof body === "object" && body !== null && "variables" in body) return body.variables;
  const text = url.searchParams.get("variables");
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Apollo answers malformed variables itself.
    return null;
  }
}

/** Longest error message a client gets: inputs are echoed in messages, and may be long. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * An error as a client may see it: its message cut to MAX_MESSAGE_LENGTH (a 900 KB input was
 * echoed twice in a BAD_USER_INPUT), and in production without graphql-js's "Did you mean …?"
 * suggestions, which variable coercion adds too.
 */
export function boundMessage(
  formatted: GraphQLFormattedError,
  production: boolean,
): GraphQLFormattedError {
  let message = formatted.message;
  if (production) message = message.replace(/ ?Did you mean [^?]*\?/g, "");
  if (message.length > MAX_MESSAGE_LENGTH) {
    message = `${message.slice(0, MAX_MESSAGE_LENGTH)}… (cut at ${MAX_MESSAGE_LENGTH} characters)`;
  }
  return message === formatted.message ? formatted : { ...formatted, message };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A GraphQL error response for a request refused before Apollo sees it. */
function sendErrors(
  res: ServerResponse,
  record: RequestRecord,
  status: number,
  error: GraphQLFormattedError,
): void {
  // `http` tells Apollo the status; like Apollo, keep it out of the body.
  const extensions = { ...error.extensions };
  delete extensions.http;
  const formatted = { message: error.message, extensions };
  record.errors.push(formatted);
  sendJson(res, status, { errors: [formatted] });
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers or URL over 16 KiB, a
 * malformed request line) get the same coded JSON error as every other refusal, not a bare status.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    errors: [
      {
        message: tooLarge
          ? "the request line and headers exceed 16 KiB"
          : "the request is not valid HTTP/1.1",
        extensions: { code: "BAD_REQUEST" },
      },
    ],
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      "content-type: application/json; charset=utf-8\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(payload));
}
