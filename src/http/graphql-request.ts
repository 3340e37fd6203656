import type { GraphQLFormattedError } from "graphql";
import type { Limits } from "../config";
import type { BookmarkChain } from "../db/database";
import { ErrorCode } from "../errors";
import type { QueryTooComplexError } from "../errors";
import { checkTokens, checkVariables } from "../limits";

/**
 * What a GraphQL request asks for, read before Apollo parses anything: its document and
 * variables (in a JSON body, or in the URL of a GET) and the bookmarks it waits for.
 */

/** The GraphQL document of a request: `query` in a JSON body, or in the URL of a GET. */
export function queryText(body: unknown, url: URL): string {
  if (typeof body === "object" && body !== null && "query" in body) {
    return typeof body.query === "string" ? body.query : "";
  }
  return url.searchParams.get("query") ?? "";
}

/** The variables of a request: `variables` in a JSON body, or JSON in the URL of a GET. */
export function variablesOf(body: unknown, url: URL): unknown {
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

/**
 * The refusal of a document over the token or field limit, or of variables nested too deep;
 * null when Apollo may have the request. Counted before Apollo parses, validates or coerces
 * anything: each of those costs time (or stack) in proportion to what these limits bound, and
 * Apollo turns an error a plugin throws before parsing into an anonymous 500.
 */
export function checkRequestSize(
  body: unknown,
  url: URL,
  limits: Limits,
): QueryTooComplexError | null {
  return (
    checkTokens(queryText(body, url), limits) ?? checkVariables(variablesOf(body, url), limits)
  );
}

/** The header that carries a write's bookmark out, and the client's last one in. */
export const BOOKMARK_HEADER = "neo4j-bookmark";
const MAX_BOOKMARKS = 16;
// Neo4j's bookmarks are short tokens of letters, digits and a few signs, never commas.
const BOOKMARK_SHAPE = /^[A-Za-z0-9:+/=_.-]{1,512}$/;

/** The request's chain of bookmarks (its header's, comma separated), or null when malformed. */
export function bookmarksIn(header: string | undefined): BookmarkChain | null {
  const given = (header ?? "")
    .split(",")
    .map((bookmark) => bookmark.trim())
    .filter((bookmark) => bookmark !== "");
  if (given.length > MAX_BOOKMARKS || !given.every((b) => BOOKMARK_SHAPE.test(b))) return null;
  return { current: given, written: null };
}

/** The refusal of a bookmark header that bookmarksIn cannot read. */
export const MALFORMED_BOOKMARKS: GraphQLFormattedError = {
  message: `${BOOKMARK_HEADER}: at most ${MAX_BOOKMARKS} bookmarks this server handed out`,
  extensions: { code: ErrorCode.BAD_USER_INPUT, field: BOOKMARK_HEADER },
};
