import http from "node:http";
import type { AddressInfo } from "node:net";
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import type { Limits } from "../../src/config";
import { NotFoundError } from "../../src/errors";
import type { HttpContext } from "../../src/http/request-record";
import { createLogger } from "../../src/logger";
import type { Logger } from "../../src/logger";
import { newRequestRecord } from "../../src/request-scope";

/** The default limits of src/config.ts, for the unit tests of the HTTP parts (test/unit/http-*). */
export const LIMITS: Limits = {
  maxDepth: 12,
  maxCost: 500_000,
  maxAliases: 30,
  maxTokens: 5_000,
  maxFields: 300,
  maxVariableDepth: 10,
  maxBodyBytes: 1_000_000,
};

/** The text of the driver error the `boom` field throws: what masking must never show. */
export const DRIVER_TEXT = "Neo.ClientError.Security.Unauthorized: bad password";

/**
 * A schema with no database behind it: `hello` answers, `boom` throws an unexpected error (as
 * a failing driver would), `missing` a coded NOT_FOUND, `slow` answers after 300 ms, and
 * `counted` runs "statements" by counting them on the request's record, as the database does.
 */
export const TEST_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, HttpContext>({
    name: "Query",
    fields: {
      hello: { type: GraphQLString, resolve: () => "hi" },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error(DRIVER_TEXT);
        },
      },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw new NotFoundError("P-9 does not exist", "P-9");
        },
      },
      slow: {
        type: GraphQLString,
        resolve: () => new Promise((resolve) => setTimeout(() => resolve("late"), 300)),
      },
      counted: {
        type: GraphQLInt,
        args: { statements: { type: GraphQLInt } },
        resolve: (_root, args: { statements?: number | null }, context) => {
          context.request.stats.statements += args.statements ?? 1;
          if (context.bookmarks !== null) context.bookmarks.written = ["FB:written-bookmark"];
          return context.request.stats.statements;
        },
      },
    },
  }),
});

/** A logger whose JSON lines land in `lines`, parsed. */
export function capturedLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

/** A request's context as the HTTP layer reads it, with no database or principal. */
export function httpContext(logger: Logger, requestId = "req-42"): HttpContext {
  return {
    request: newRequestRecord(logger, requestId),
    bookmarks: { current: [], written: null },
    idempotency: null,
  };
}

/** Serves `listener` on a free loopback port (on `server`, when given) until `stop`. */
export async function serveOnLoopback(
  listener: http.RequestListener,
  server: http.Server = http.createServer(),
): Promise<{ server: http.Server; base: string; stop(): Promise<void> }> {
  server.on("request", listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
