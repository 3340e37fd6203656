import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap } from "@apollo/server";
import type { ApolloServer } from "@apollo/server";
import type { Authenticator } from "../auth/token";
import type { Limits } from "../config";
import { createContext } from "../context";
import type { Context } from "../context";
import type { BookmarkChain, Db } from "../db/database";
import { IDEMPOTENCY_HEADER, idempotencyScope } from "../idempotency";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { newRequestRecord } from "../request-scope";
import type { RequestRecord } from "../request-scope";
import type { Tracing } from "../tracing";
import { readBody } from "./body";
import { unexpectedAsInternal } from "./error-masking";
import {
  BOOKMARK_HEADER,
  MALFORMED_BOOKMARKS,
  bookmarksIn,
  checkRequestSize,
} from "./graphql-request";
import { errorsIn, finishRequest } from "./request-record";
import type { HttpContext } from "./request-record";
import { headerValue, sendRefusal } from "./responses";

/** Builds one request's context; throws to refuse the request (a missing token: UNAUTHENTICATED). */
export type ContextFactory<TContext> = (
  req: IncomingMessage,
  record: RequestRecord,
  bookmarks: BookmarkChain,
) => TContext;

export interface GraphQLHandlerOptions<TContext extends HttpContext> {
  /** Started, and configured by createApollo (src/http/apollo.ts). */
  apollo: ApolloServer<TContext>;
  limits: Limits;
  logger: Logger;
  tracing: Tracing | null;
  metrics: Pick<Metrics, "observe">;
  createContext: ContextFactory<TContext>;
}

export type GraphQLHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * POST and GET /graphql. Each request gets a record (its id answered in `x-request-id`; one log
 * line, its metrics and its span's end when it is answered); what Apollo would pay for is refused
 * first (body size, malformed JSON, tokens, fields, variable depth, malformed bookmarks); then
 * Apollo answers, and the answer carries the write's bookmark and whether a write replayed.
 */
export function graphQLHandler<TContext extends HttpContext>(
  options: GraphQLHandlerOptions<TContext>,
): GraphQLHandler {
  const { apollo, limits, logger, tracing, metrics } = options;

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    record: RequestRecord,
  ): Promise<void> => {
    const reading = await readBody(req, limits.maxBodyBytes);
    if (!reading.ok) {
      if (reading.closeConnection) res.setHeader("connection", "close");
      record.errors.push(sendRefusal(res, reading.refusal));
      return;
    }
    const { body } = reading;
    const overLimit = checkRequestSize(body, url, limits);
    if (overLimit !== null) {
      record.errors.push(sendRefusal(res, overLimit));
      return;
    }
    const bookmarks = bookmarksIn(headerValue(req, BOOKMARK_HEADER));
    if (bookmarks === null) {
      record.errors.push(sendRefusal(res, MALFORMED_BOOKMARKS));
      return;
    }
    const built: { context?: TContext } = {};
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? "GET",
        headers: headerMap(req),
        search: url.search,
        body,
      },
      context: async () => {
        try {
          built.context = options.createContext(req, record, bookmarks);
          return built.context;
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
    if (built.context?.idempotency?.replayed === true) {
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
  };

  return async (req, res, url) => {
    const record = newRequestRecord(
      logger,
      headerValue(req, "x-request-id"),
      tracing?.startRequest(req.headers) ?? null,
    );
    res.setHeader("x-request-id", record.id);
    try {
      await serve(req, res, url, record);
    } finally {
      finishRequest(record, res.statusCode, metrics);
    }
  };
}

/** The request's headers as Apollo takes them. */
function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * The context of this server's requests: the principal its bearer token names (UNAUTHENTICATED,
 * HTTP 401, for a missing or bad token where one is required), its Idempotency-Key, and the
 * database counting its statements into its record.
 */
export function contextFromRequest(db: Db, authenticate: Authenticator): ContextFactory<Context> {
  return (req, record, bookmarks) => {
    const principal = authenticate(headerValue(req, "authorization"));
    const idempotency = idempotencyScope(headerValue(req, IDEMPOTENCY_HEADER), principal);
    return createContext(db, principal, record, idempotency, bookmarks);
  };
}
