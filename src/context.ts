import type { Principal } from "./auth/principal";
import type { BookmarkChain, Db, StatementCounter } from "./db/database";
import type { IdempotencyScope } from "./idempotency";
import { createLoaders } from "./loaders/node.loaders";
import type { Loaders } from "./loaders/node.loaders";
import type { RequestRecord } from "./request-scope";

/** What every resolver of one request sees. */
export interface Context {
  /** The database, counting this request's statements into `stats`. */
  db: Db;
  stats: StatementCounter;
  loaders: Loaders;
  /** Who is asking: a verified token's claims, or the anonymous admin in development. */
  principal: Principal;
  /** The HTTP request being served: its id (on log lines and masked errors), logger, operation. */
  request: RequestRecord;
  /** The request's Idempotency-Key, when it sent one: mutations write under it. */
  idempotency: IdempotencyScope | null;
  /** The request's bookmarks: the client's in, its own write's out (the response carries them). */
  bookmarks: BookmarkChain | null;
}

export function createContext(
  db: Db,
  principal: Principal,
  request: RequestRecord,
  idempotency: IdempotencyScope | null = null,
  bookmarks: BookmarkChain | null = null,
): Context {
  const { stats } = request;
  // A partner's reads are scoped in Cypher, by the statements themselves (src/db/queries.ts).
  const scope = principal.role === "PARTNER" ? principal.partnerId : null;
  const scoped = db.withCounter(stats).withScope(scope);
  const counted = bookmarks === null ? scoped : scoped.withBookmarks(bookmarks);
  return {
    db: counted,
    stats,
    loaders: createLoaders(counted),
    principal,
    request,
    idempotency,
    bookmarks,
  };
}
