import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphQLFormattedError } from "graphql";

/** A request header's value; a repeated header's values joined as HTTP joins them. */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(payload));
}

/**
 * Answers a request refused before Apollo sees it with one GraphQL error, and returns the error
 * as the client got it. Its `extensions.http` gives the status (400 without one), as it does to
 * Apollo; like Apollo, the body leaves it out.
 */
export function sendRefusal(
  res: ServerResponse,
  error: GraphQLFormattedError,
): GraphQLFormattedError {
  const { http, ...extensions } = error.extensions ?? {};
  const formatted = { message: error.message, extensions };
  sendJson(res, statusOf(http) ?? 400, { errors: [formatted] });
  return formatted;
}

function statusOf(http: unknown): number | undefined {
  if (typeof http !== "object" || http === null || !("status" in http)) return undefined;
  return typeof http.status === "number" ? http.status : undefined;
}
