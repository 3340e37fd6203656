import crypto from "node:crypto";
import neo4j, { Neo4jError } from "neo4j-driver";
import type { Driver, ManagedTransaction, QueryResult, Session } from "neo4j-driver";
import {
  BadUserInputError,
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  IdempotencyKeyReusedError,
  ServerBusyError,
} from "../errors";
import type { LockSet } from "../policy/locks";
import { Circuit } from "./circuit";
import { toPlain } from "./mappers";
import { WriteTurns } from "./write-turns";
import { QUERY_NAMES, loadSchemaStatements, loadStatements, planningRuns } from "./queries";
import type { Params, QueryName, Row, Statements } from "./queries";
import type { DatabaseTimes, RequestTrace } from "../trace-hooks";

/** Counts the Cypher statements one request runs (the N+1 guard and the benchmarks read it). */
export interface StatementCounter {
  statements: number;
  /** The request's trace, when tracing is on: each statement gets a span (src/tracing.ts). */
  trace?: RequestTrace;
}

/**
 * The causal chain of one request: the bookmarks its first transaction waits for (the client's
 * `neo4j-bookmark` header: a write it made through any replica), then those of its own latest
 * write, which the response hands back. On a cluster a reader that has not caught up waits for
 * them; on a single instance they are already reached.
 */
export interface BookmarkChain {
  current: string[];
  /** Set once a write of this request committed: the bookmarks to hand back. */
  written: string[] | null;
}

/**
 * Makes a write safe to retry: a key the client chose (with its principal and the response field,
 * hashed) and a digest of the request. The first write under a key stores its answer beside it,
 * in the same transaction; a retry with the same digest within a day gets that answer back, one
 * with another digest IDEMPOTENCY_KEY_REUSED.
 */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  /** Told when the answer is a replay of a stored one. */
  onReplay?: () => void;
}

/** How long an idempotency key keeps its answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** A transaction handed to `Db.writeTransaction`; it runs registry queries only. */
export interface DbTransaction {
  run<N extends QueryName>(name: N, params: Params<N>): Promise<Row<N>[]>;
}

export interface DbOptions {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** How long opening a connection may take before the database counts as unreachable. */
  connectionTimeoutMs?: number;
  /**
   * Longest a transaction may run before Neo4j aborts it; unset means the server's default.
   * The GraphQL server sets it (NEO4J_TX_TIMEOUT_MS), the bulk commands do not.
   */
  txTimeoutMs?: number;
  /**
   * Told when the database goes away (`false`, with the error that said so) and comes back
   * (`true`).
   */
  onAvailabilityChange?: (available: boolean, why?: unknown) => void;
  /**
   * Told each error a connectivity probe ends in, and whether it counted as the database being
   * away (only connection-level errors do: see isUnavailableError).
   */
  onProbeError?: (error: unknown, outage: boolean) => void;
  /** Longest a write waits for its turn at its locks in this process (WRITE_WAIT_MS). */
  writeWaitMs?: number;
  /**
   * Whether writes keep the stored audit findings current (FINDINGS_MAINTENANCE; on unless
   * told): off only to measure what the maintenance costs.
   */
  maintainFindings?: boolean;
}

/** What every Db derived from one connection shares. */
interface Connection {
  driver: Driver;
  database: string;
  queries: Statements;
  circuit: Circuit;
  txConfig: { timeout?: number };
  /** This process's writers, in turn at their locks. */
  turns: WriteTurns;
  maintainFindings: boolean;
  /**
   * Whether the statements are planned: false until warm() first ends, and again from the
   * moment the database comes back after an outage until warm() has planned them once more.
   */
  warmth: { wanted: boolean; warm: boolean };
}

/** What one request's Db adds: its statement counter, its partner scope, its bookmarks. */
interface RequestView {
  counter: StatementCounter | null;
  /** A PARTNER principal's id: every statement sees it as `$scope` (null: everything). */
  scope: string | null;
  bookmarks: BookmarkChain | null;
}

// Driver error codes that mean "the database is not there right now" (not the query's fault):
// no connection, a lost one, or a server that is starting or stopping the database.
const UNAVAILABLE_CODES = new Set([
  "ServiceUnavailable",
  "SessionExpired",
  "Neo.TransientError.General.DatabaseUnavailable",
]);

// Driver error codes of a transaction Neo4j aborted at its timeout (txTimeoutMs): the last is
// what a transaction waiting for a lock gets when the timeout ends it.
const TIMEOUT_CODES = new Set([
  "Neo.ClientError.Transaction.TransactionTimedOut",
  "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
  "Neo.ClientError.Transaction.LockClientStopped",
]);

// A bookmark the client sent that Neo4j cannot read, or one it has not reached in time.
const BAD_BOOKMARK_CODES = new Set([
  "Neo.ClientError.Transaction.InvalidBookmark",
  "Neo.ClientError.Transaction.InvalidBookmarkMixture",
]);
const BOOKMARK_TIMEOUT_CODE = "Neo.TransientError.Transaction.BookmarkTimeout";

/** One of the indexes cypher/schema makes over tagged serving edges (see applySchema). */
const SERVING_EDGE_CUSTOMER_INDEX = "resells_for_by_customer";
/** Tenants whose serving edges one transaction of that backfill tags. */
const TAG_PAGE = 5_000;

/**
 * The one gateway to Neo4j. Every statement comes from the query registry and runs on the named
 * database: a single read as an auto-commit query, everything else in a managed transaction
 * (executeRead/executeWrite retry transient errors, so the work must be safe to run twice); it
 * returns plain rows.
 */
export class Db {
  private constructor(
    private readonly connection: Connection,
    private readonly view: RequestView = { counter: null, scope: null, bookmarks: null },
  ) {}

  static connect(options: DbOptions, queries: Statements = loadStatements()): Db {
    const auth =
      options.password === "" ? undefined : neo4j.auth.basic(options.user, options.password);
    // With a neo4j:// URI the driver routes: sessions opened for READ go to a cluster's readers,
    // WRITE to its leader (and a bolt:// URI talks to the one server it names).
    const driver = neo4j.driver(options.uri, auth, {
      // Every pooled connection busy means a busy database, not an absent one (the circuit below
      // answers for that): wait for a connection as long as a transaction may run, rather than
      // fail a request that would have been served.
      connectionAcquisitionTimeout: options.txTimeoutMs ?? 60_000,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      // Retries cover deadlocks and brief leader changes; an absent database should fail fast.
      maxTransactionRetryTime: 1_500,
      // Keep the logs free of the driver's notifications about our own schema statements.
      notificationFilter: { minimumSeverityLevel: "OFF" },
      // Integers arrive as JS numbers instead of Integer objects that toPlain would convert one
      // by one: counts and ids in this domain stay far below 2^53.
      disableLosslessIntegers: true,
    });
    const warmth = { wanted: false, warm: false };
    let db: Db | null = null;
    const circuit = new Circuit({
      probe: async () => {
        await driver.verifyConnectivity({ database: options.database });
      },
      isOutage: isUnavailableError,
      onProbeError: options.onProbeError,
      onChange: (open, why) => {
        // A database that comes back may have restarted with an empty plan cache.
        if (!open && warmth.wanted && db !== null) void db.warm().catch(() => undefined);
        options.onAvailabilityChange?.(!open, why);
      },
    });
    const txConfig = options.txTimeoutMs === undefined ? {} : { timeout: options.txTimeoutMs };
    const waitMs = options.writeWaitMs ?? 60_000;
    const turns = new WriteTurns(waitMs, () => new ServerBusyError(waitMs));
    db = new Db({
      driver,
      database: options.database,
      queries,
      circuit,
      txConfig,
      turns,
      warmth,
      maintainFindings: options.maintainFindings ?? true,
    });
    return db;
  }

  /** The same connection, counting the statements it runs into `counter`. */
  withCounter(counter: StatementCounter): Db {
    return new Db(this.connection, { ...this.view, counter });
  }

  /**
   * The same connection, limited to what partner `scope` may see: the read queries apply it in
   * Cypher (the scope macros in queries.ts), so nothing out of scope ever leaves the database.
   */
  withScope(scope: string | null): Db {
    return new Db(this.connection, { ...this.view, scope });
  }

  /** The same connection, its transactions chained by `bookmarks` (see BookmarkChain). */
  withBookmarks(bookmarks: BookmarkChain): Db {
    return new Db(this.connection, { ...this.view, bookmarks });
  }

  /** The request's trace, for the services' own spans (policy decisions); unset when off. */
  get trace(): RequestTrace | undefined {
    return this.view.counter?.trace;
  }

  /** Whether writes keep the stored audit findings current (src/services/findings.service.ts). */
  get maintainsFindings(): boolean {
    return this.connection.maintainFindings;
  }

  /** False while requests are refused as DATABASE_UNAVAILABLE without trying the database. */
  get available(): boolean {
    return !this.connection.circuit.isOpen;
  }

  /**
   * One read statement, as an auto-commit query: the statement and its PULL go out together,
   * where a managed transaction adds a BEGIN and a COMMIT round trip to Neo4j. A single
   * statement sees one consistent view anyway; several go through readTransaction.
   */
  async read<N extends QueryName>(name: N, params: Params<N>): Promise<Row<N>[]> {
    const text = this.statement(name);
    const cypherParams = this.cypherParams(params);
    const { circuit, txConfig } = this.connection;
    return circuit.run(async () => {
      // Inside the circuit: a request it refuses ran no statement.
      const span = this.view.counter?.trace?.statement(name);
      for (let attempt = 1; ; attempt += 1) {
        const session = this.openSession("READ");
        try {
          const result = await withoutCallSite(() => session.run(text, cypherParams, txConfig));
          span?.end(result.records.length, databaseTimes(result));
          return rowsOf<N>(result);
        } catch (error) {
          // What executeRead would retry (not an absent database: the circuit answers that).
          if (attempt < READ_ATTEMPTS && isTransient(error)) continue;
          span?.fail(error);
          throw mapDriverError(error);
        } finally {
          await session.close();
        }
      }
    });
  }

  async write<N extends QueryName>(name: N, params: Params<N>): Promise<Row<N>[]> {
    return this.session("WRITE", (tx) => this.runIn(tx, name, params));
  }

  /** Several registry queries in one read transaction (one consistent view). */
  async readTransaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.session("READ", (tx) =>
      work({ run: (name, params) => this.runIn(tx, name, params) }),
    );
  }

  /** Several registry queries in one write transaction; `work` may run more than once. */
  async writeTransaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.session("WRITE", (tx) =>
      work({ run: (name, params) => this.runIn(tx, name, params) }),
    );
  }

  /**
   * A write transaction that first takes the locks a decision needs (src/policy/locks.ts): the
   * nodes, then the named keys, each in sorted order, in Neo4j (lockNodes), so no two writers
   * wait for each other. Before it starts, it waits for its turn behind this process's earlier
   * writers at the same locks (WriteTurns: Neo4j's lock waits are not fair), for at most
   * WRITE_WAIT_MS: past that it is SERVER_BUSY and writes nothing.
   *
   * With an idempotency claim, the transaction first takes the claim's key (so two retries of one
   * request meet there), and answers with the stored result when the key already has one for the
   * same request, or IDEMPOTENCY_KEY_REUSED for another; else `work` runs and its result is
   * stored under the key in the same transaction: a write that committed has its answer stored,
   * whatever happens to this process after. `work` may run more than once; its result must be
   * plain JSON data.
   */
  async writeLocked<T>(
    locks: LockSet,
    work: (tx: DbTransaction) => Promise<T>,
    claim: IdempotencyClaim | null = null,
  ): Promise<T> {
    const ids = [...new Set(locks.nodes)].sort();
    const keys = [...new Set(locks.keys)].sort();
    const names = [
      ...ids.map((id) => `node:${id}`),
      ...keys.map((key) => `key:${key}`),
      ...(claim === null ? [] : [`idempotency:${claim.key}`]),
    ];
    let replayed = false;
    const result = await this.connection.turns.run(names, () =>
      this.writeTransaction(async (tx) => {
        replayed = false;
        const now = Date.now();
        if (claim !== null) {
          const [stored] = await tx.run("claimIdempotencyKey", { key: claim.key, now });
          if (stored !== undefined && stored.fingerprint !== null) {
            if (stored.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
            replayed = true;
            return JSON.parse(stored.answer ?? "null") as T;
          }
        }
        if (ids.length > 0 || keys.length > 0)
          await tx.run("lockNodes", { ids, keys: keys.map(storedLockKey) });
        const answer = await work(tx);
        if (claim !== null) {
          await tx.run("storeIdempotencyAnswer", {
            key: claim.key,
            fingerprint: claim.fingerprint,
            answer: JSON.stringify(answer ?? null),
            now,
            expiresAt: now + IDEMPOTENCY_TTL_MS,
          });
        }
        return answer;
      }),
    );
    if (replayed) claim?.onReplay?.();
    return result;
  }

  /**
   * Plans every registry statement (EXPLAIN: nothing runs), so that the first requests after a
   * start, or after the database came back, do not each wait for Neo4j to plan theirs. Neo4j
   * keys its plan cache by statement and parameter types, and caches no plan for an EXPLAIN
   * without parameters (measured: a second such EXPLAIN took as long as the first, one with
   * parameters 14 ms instead of 620), so each statement is explained with sample parameters of
   * the types requests send, and again as a PARTNER sees it when it is scoped (planningParams).
   * Resolves with how many plans were made (per pass); a statement Neo4j cannot plan is thrown (a bug to
   * see at start, not at the first request).
   */
  async warm(): Promise<number> {
    const { queries, warmth } = this.connection;
    warmth.wanted = true;
    warmth.warm = false;
    let planned = 0;
    try {
      // On a cluster the leader plans the writes and a reader the reads, each in its own cache; on
      // one server the second pass finds every plan cached. One auto-commit EXPLAIN at a time:
      // a first start on a busy machine may take longer than any one transaction may last.
      for (const mode of ["WRITE", "READ"] as const) {
        planned = 0;
        await this.connection.circuit.run(async () => {
          const session = this.openSession(mode);
          try {
            for (const name of QUERY_NAMES) {
              planned += await explainForPlanning(session, name, queries);
            }
          } catch (error) {
            throw mapDriverError(error);
          } finally {
            await session.close();
          }
        });
      }
    } finally {
      // Unready for good over a statement Neo4j cannot plan would help nobody: the failure is
      // thrown (and logged) and the server serves, slower at first.
      warmth.warm = true;
    }
    return planned;
  }

  /**
   * Plans some statements the way warm() plans them all, for the few a write may need first
   * even when WARM_PLANS is off. Never throws: an unplanned statement is planned when it runs.
   */
  async plan(names: readonly QueryName[]): Promise<void> {
    const { queries, circuit } = this.connection;
    await circuit
      .run(async () => {
        const session = this.openSession("WRITE");
        try {
          for (const name of names) await explainForPlanning(session, name, queries);
        } finally {
          await session.close();
        }
      })
      .catch(() => undefined);
  }

  /**
   * Ready to serve at full speed: the database answers and, once warm() was asked for, every
   * statement is planned (GET /health). Never throws.
   */
  async isReady(): Promise<boolean> {
    const reachable = await this.isReachable();
    const { warmth } = this.connection;
    return reachable && (!warmth.wanted || warmth.warm);
  }

  /**
   * Applies cypher/schema idempotently and waits until the indexes are online. A database made
   * before serving edges carried their customer (tagServingEdge) has them tagged first, while
   * the index that lists a partner's customers is still missing: an interrupted run resumes at
   * the next start, and no reader sees a half-filled index.
   */
  async applySchema(log: (line: string) => void = () => undefined): Promise<void> {
    // Index builds on a large graph may outlast a request's transaction timeout.
    const untimed = {};
    const indexes = await this.session("READ", (tx) => tx.run("SHOW INDEXES YIELD name"), untimed);
    const names = indexes.records.map((record) => String(record.get("name")));
    if (!names.includes(SERVING_EDGE_CUSTOMER_INDEX)) await this.tagAllServingEdges(log);
    for (const statement of loadSchemaStatements()) {
      await this.session("WRITE", (tx) => tx.run(statement), untimed);
    }
    await this.session("READ", (tx) => tx.run("CALL db.awaitIndexes(300)"), untimed);
  }

  /** Tags the serving edges of every tenant, a page of tenants per transaction. */
  private async tagAllServingEdges(log: (line: string) => void): Promise<void> {
    let tagged = 0;
    for (let afterId = ""; ;) {
      const tenants = await this.read("exportTenants", { afterId, limit: TAG_PAGE });
      const last = tenants.at(-1);
      if (last === undefined) break;
      const tenantIds = tenants.map((row) => row.tenant.id);
      const [row] = await this.write("tagServingEdges", { tenantIds, customerIds: [] });
      tagged += row?.tagged ?? 0;
      afterId = last.tenant.id;
    }
    if (tagged > 0) log(`Tagged ${tagged} serving edges with their partner and customer`);
  }

  /** Names of the constraints in the database (for checks and tests). */
  async constraintNames(): Promise<string[]> {
    const rows = await this.session("READ", (tx) =>
      tx.run("SHOW CONSTRAINTS YIELD name RETURN name"),
    );
    return rows.records.map((record) => String(record.get("name")));
  }

  /**
   * True when the database answers now; never throws. False at once while the database is
   * known to be away, and a failed check makes requests fail fast until it is back.
   */
  async isReachable(): Promise<boolean> {
    return this.connection.circuit.check();
  }

  async close(): Promise<void> {
    this.connection.circuit.stop();
    await this.connection.driver.close();
  }

  private async runIn<N extends QueryName>(
    tx: ManagedTransaction,
    name: N,
    params: Params<N>,
  ): Promise<Row<N>[]> {
    const text = this.statement(name);
    const cypherParams = this.cypherParams(params);
    const span = this.view.counter?.trace?.statement(name);
    if (span === undefined)
      return rowsOf<N>(await withoutCallSite(() => tx.run(text, cypherParams)));
    try {
      const result = await withoutCallSite(() => tx.run(text, cypherParams));
      span.end(result.records.length, databaseTimes(result));
      return rowsOf<N>(result);
    } catch (error) {
      span.fail(error);
      throw error;
    }
  }

  /** A registry query's text, counted as one statement of the request. */
  private statement(name: QueryName): string {
    const { queries } = this.connection;
    const text = (this.view.scope === null ? queries.everyone : queries.partner).get(name);
    if (text === undefined) throw new Error(`Query not in the registry: ${name}`);
    if (this.view.counter !== null) this.view.counter.statements += 1;
    return text;
  }

  private cypherParams(params: object): Record<string, unknown> {
    return toCypherParams({ ...params, scope: this.view.scope });
  }

  /** A session on the named database, waiting for the request's bookmarks when it has any. */
  private openSession(mode: "READ" | "WRITE"): Session {
    const { bookmarks } = this.view;
    return this.connection.driver.session({
      database: this.connection.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      ...(bookmarks !== null && bookmarks.current.length > 0
        ? { bookmarks: bookmarks.current }
        : {}),
    });
  }

  /** After a committed write: the request's later transactions, and its response, carry it. */
  private recordWrite(session: Session): void {
    const { bookmarks } = this.view;
    if (bookmarks === null) return;
    const latest = session.lastBookmarks();
    if (latest.length === 0) return;
    bookmarks.current = latest;
    bookmarks.written = latest;
  }

  private session<T>(
    mode: "READ" | "WRITE",
    work: (tx: ManagedTransaction) => Promise<T>,
    txConfig: { timeout?: number } = this.connection.txConfig,
  ): Promise<T> {
    return this.connection.circuit.run(async () => {
      const session = this.openSession(mode);
      try {
        if (mode === "READ") return await session.executeRead(work, txConfig);
        const result = await session.executeWrite(work, txConfig);
        this.recordWrite(session);
        return result;
      } catch (error) {
        throw mapDriverError(error);
      } finally {
        await session.close();
      }
    });
  }
}

/**
 * Whole numbers become Neo4j integers (LIMIT, counts); without this the driver sends every JS
 * number as a float. The domain has no fractional properties, so this loses nothing.
 */
export function toCypherParams(value: unknown): Record<string, unknown> {
  return convertNumbers(value) as Record<string, unknown>;
}

function convertNumbers(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(convertNumbers);
  if (value !== null && typeof value === "object") {
    const converted: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) converted[key] = convertNumbers(inner);
    return converted;
  }
  return value;
}

/**
 * Starts a statement without the driver capturing its call site. neo4j-driver formats a stack
 * trace for every result it creates (new Error().stack), to put on an error the statement may
 * later raise: about a twentieth of the server's CPU per request. Our errors never show a
 * driver's stack (they are masked, and logged with the statement's name), so it is not worth
 * that; the capture is synchronous, so lowering the limit around the call affects nothing else.
 */
export function withoutCallSite<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Neo4j's own timings of a statement, from its result summary (for its span). */
function databaseTimes(result: QueryResult): DatabaseTimes {
  const { resultAvailableAfter, resultConsumedAfter } = result.summary;
  return {
    availableAfterMs: neo4j.integer.toNumber(resultAvailableAfter),
    consumedAfterMs: neo4j.integer.toNumber(resultConsumedAfter),
  };
}

/** A result's records as plain rows of a registry query. */
export function rowsOf<N extends QueryName>(result: QueryResult): Row<N>[] {
  return result.records.map((record) => toPlain(record.toObject()) as Row<N>);
}

/**
 * EXPLAINs statement `name` as src/db sends it, with the parameters it is planned with
 * (planningRuns: sample values of the types requests send, for everyone and as a PARTNER);
 * returns how many plans were made.
 */
async function explainForPlanning(
  session: Session,
  name: QueryName,
  statements: Statements,
): Promise<number> {
  const runs = planningRuns(name, statements);
  for (const { text, params } of runs) await session.run(`EXPLAIN ${text}`, toCypherParams(params));
  return runs.length;
}

/** Tries of a single read statement when Neo4j reports a transient error. */
const READ_ATTEMPTS = 3;

function isTransient(error: unknown): boolean {
  return error instanceof Neo4jError && error.retryable && !UNAVAILABLE_CODES.has(error.code);
}

/** A driver error that says the database is not there (no connection, a lost one, stopping). */
export function isUnavailableError(error: unknown): boolean {
  return error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code);
}

/**
 * What a driver error says, with its code, for a log line; through a DatabaseUnavailableError to
 * the driver's error that caused it.
 */
export function describeDriverError(error: unknown): string {
  if (error instanceof DatabaseUnavailableError && error.cause !== undefined) {
    return describeDriverError(error.cause);
  }
  return error instanceof Neo4jError
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
}

/** One line for a log that says what a connectivity probe failed with, and what it meant. */
export function describeProbeError(error: unknown, outage: boolean): string {
  const what = describeDriverError(error);
  return outage
    ? `Neo4j refused a connectivity probe (${what})`
    : `A connectivity probe failed without a sign of an outage, serving on (${what})`;
}

/** One line for a log that says the database went away (and why) or came back. */
export function describeAvailabilityChange(available: boolean, why?: unknown): string {
  return available
    ? "Neo4j answers again; serving requests"
    : `Neo4j cannot be reached (${describeDriverError(why)}); answering DATABASE_UNAVAILABLE until it is back`;
}

/** The connectivity callbacks of a command line tool, as lines for its log. */
export function connectivityLog(
  log: (line: string) => void,
): Pick<DbOptions, "onProbeError" | "onAvailabilityChange"> {
  return {
    onProbeError: (error, outage) => log(describeProbeError(error, outage)),
    onAvailabilityChange: (available, why) => log(describeAvailabilityChange(available, why)),
  };
}

/** Recognises driver errors by their code, never by their message text. */
export function mapDriverError(error: unknown): unknown {
  if (isUnavailableError(error)) return new DatabaseUnavailableError(error);
  if (error instanceof Neo4jError && TIMEOUT_CODES.has(error.code)) {
    return new DatabaseTimeoutError();
  }
  if (error instanceof Neo4jError && BAD_BOOKMARK_CODES.has(error.code)) {
    return new BadUserInputError(
      "neo4j-bookmark: not a bookmark this database issued",
      "neo4j-bookmark",
    );
  }
  if (error instanceof Neo4jError && error.code === BOOKMARK_TIMEOUT_CODE) {
    return new DatabaseTimeoutError();
  }
  return error;
}

/**
 * A lock key as Neo4j stores it: its SHA-256, so that a key built from a long input (a 20 KB
 * subscription id) stays within what the range index on WriteLock.key can hold.
 */
function storedLockKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}
