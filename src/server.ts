import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { createContext } from "./context";
import type { Context } from "./context";
import type { Db } from "./db/database";
import { AppError, ErrorCode } from "./errors";

/** Largest request body accepted, in bytes; a GraphQL operation with variables is far smaller. */
export const MAX_BODY_BYTES = 1_000_000;

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

export interface AppServer {
  http: http.Server;
  /** Listens on host:port and resolves with the GraphQL URL. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Lets coded errors through and masks everything else as INTERNAL_SERVER_ERROR, with no stack
 * trace or driver text; the original goes to the server log.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = rootCause(error);
  if (original instanceof AppError) return formatted;
  // Errors graphql-js or Apollo raise about the request itself carry a code and no foreign cause.
  const code = formatted.extensions?.code;
  const raisedByGraphQL = !(original instanceof Error) || original instanceof GraphQLError;
  if (raisedByGraphQL && typeof code === "string" && REQUEST_ERROR_CODES.has(code))
    return formatted;
  console.error("Unexpected error while serving a request:", original);
  return {
    message: "Internal server error",
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
}

/**
 * Reports how many Cypher statements an operation ran, as `extensions.cypherStatements`: the
 * N+1 tests and the benchmarks read it, and so can anyone tuning a query in Sandbox.
 */
const statementCountPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== "single") return;
        const result = response.body.singleResult;
        result.extensions = {
          ...result.extensions,
          cypherStatements: contextValue.stats.statements,
        };
      },
    };
  },
};

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
 * Apollo Server on a plain node:http server: POST/GET /graphql and GET /health. No web framework
 * sits in between, so a request costs only what Apollo and the resolvers cost.
 */
export async function createServer(schema: GraphQLSchema, db: Db): Promise<AppServer> {
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    plugins: [statementCountPlugin],
  });
  await apollo.start();

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error("Request failed outside GraphQL:", error);
      if (!res.headersSent) sendJson(res, 500, { error: "internal server error" });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      const reachable = await db.isReachable();
      sendJson(res, reachable ? 200 : 503, {
        status: reachable ? "ok" : "unavailable",
        database: reachable,
      });
      return;
    }
    if (url.pathname === "/graphql") {
      await serveGraphQL(req, res, url);
      return;
    }
    sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  }

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    if (body === "too-large") {
      sendJson(res, 413, {
        errors: [
          {
            message: `request body exceeds ${MAX_BODY_BYTES} bytes`,
            extensions: { code: "BAD_REQUEST" },
          },
        ],
      });
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
        sendJson(res, 400, {
          errors: [
            { message: "the request body is not valid JSON", extensions: { code: "BAD_REQUEST" } },
          ],
        });
        return;
      }
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? "GET",
        headers,
        search: url.search,
        body: parsed,
      },
      context: async () => createContext(db),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
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

function readBody(req: IncomingMessage): Promise<string | "too-large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve("too-large");
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(payload));
}
