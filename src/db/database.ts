import neo4j, { Neo4jError } from "neo4j-driver";
import type { Driver, ManagedTransaction, QueryResult } from "neo4j-driver";
import { DatabaseTimeoutError, DatabaseUnavailableError } from "../errors";
import { Circuit } from "./circuit";
import { toPlain } from "./mappers";
import { NodeQueue } from "./node-queue";
import { loadQueryRegistry, loadSchemaStatements } from "./queries";
import type { Params, QueryName, QueryRegistry, Row } from "./queries";
import type { DatabaseTimes, RequestTrace } from "../trace-hooks";

/** Counts the Cypher statements one request runs (the N+1 guard and the benchmarks read it). */
export interface StatementCounter {
  statements: number;
  /** The request's trace, when tracing is on: each statement gets a span (src/tracing.ts). */
  trace?: RequestTrace;
}

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
  /** Told when the database goes away (`false`) and comes back (`true`). */
  onAvailabilityChange?: (available: boolean) => void;
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
    private readonly driver: Driver,
    private readonly database: string,
    private readonly queries: QueryRegistry,
    private readonly counter: StatementCounter | null,
    private readonly circuit: Circuit,
    private readonly txConfig: { timeout?: number },
    /** A PARTNER principal's id: every statement sees it as `$scope` (null: everything). */
    private readonly scope: string | null = null,
    /** Shared by every Db derived from one connection: this process's writers, in turn. */
    private readonly nodeQueue: NodeQueue = new NodeQueue(),
  ) {}

  static connect(options: DbOptions, queries: QueryRegistry = loadQueryRegistry()): Db {
    const auth =
      options.password === "" ? undefined : neo4j.auth.basic(options.user, options.password);
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
    const circuit = new Circuit({
      probe: async () => {
        await driver.verifyConnectivity({ database: options.database });
        return true;
      },
      onChange: (open) => options.onAvailabilityChange?.(!open),
    });
    const txConfig = options.txTimeoutMs === undefined ? {} : { timeout: options.txTimeoutMs };
    return new Db(driver, options.database, queries, null, circuit, txConfig);
  }

  /** The same connection, counting the statements it runs into `counter`. */
  withCounter(counter: StatementCounter): Db {
    return new Db(
      this.driver,
      this.database,
      this.queries,
      counter,
      this.circuit,
      this.txConfig,
      this.scope,
      this.nodeQueue,
    );
  }

  /**
   * The same connection, limited to what partner `scope` may see: the read queries apply it in
   * Cypher (the scope macros in queries.ts), so nothing out of scope ever leaves the database.
   */
  withScope(scope: string | null): Db {
    return new Db(
      this.driver,
      this.database,
      this.queries,
      this.counter,
      this.circuit,
      this.txConfig,
      scope,
      this.nodeQueue,
    );
  }

  /** The request's trace, for the services' own spans (policy decisions); unset when off. */
  get trace(): RequestTrace | undefined {
    return this.counter?.trace;
  }

  /** False while requests are refused as DATABASE_UNAVAILABLE without trying the database. */
  get available(): boolean {
    return !this.circuit.isOpen;
  }

  /**
   * One read statement, as an auto-commit query: the statement and its PULL go out together,
   * where a managed transaction adds a BEGIN and a COMMIT round trip to Neo4j. A single
   * statement sees one consistent view anyway; several go through readTransaction.
   */
  async read<N extends QueryName>(name: N, params: Params<N>): Promise<Row<N>[]> {
    const text = this.statement(name);
    const cypherParams = this.cypherParams(params);
    return this.circuit.run(async () => {
      // Inside the circuit: a request it refuses ran no statement.
      const span = this.counter?.trace?.statement(name);
      for (let attempt = 1; ; attempt += 1) {
        const session = this.driver.session({
          database: this.database,
          defaultAccessMode: neo4j.session.READ,
        });
        try {
          const result = await withoutCallSite(() =>
            session.run(text, cypherParams, this.txConfig),
          );
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
   * A write transaction that first locks these nodes in Neo4j (lockNodes), for writers whose
   * decision reads them. Before it starts, it waits for this process's writers that came earlier
   * for any of the nodes (NodeQueue: Neo4j's lock waits are not fair). Both take the ids in
   * sorted order, so no two writers wait for each other. `work` may run more than once.
   */
  async writeLocked<T>(
    nodeIds: readonly string[],
    work: (tx: DbTransaction) => Promise<T>,
  ): Promise<T> {
    const ids = [...new Set(nodeIds)].sort();
    return this.nodeQueue.run(ids, () =>
      this.writeTransaction(async (tx) => {
        await tx.run("lockNodes", { ids });
        return work(tx);
      }),
    );
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
    return this.circuit.check();
  }

  async close(): Promise<void> {
    this.circuit.stop();
    await this.driver.close();
  }

  private async runIn<N extends QueryName>(
    tx: ManagedTransaction,
    name: N,
    params: Params<N>,
  ): Promise<Row<N>[]> {
    const text = this.statement(name);
    const cypherParams = this.cypherParams(params);
    const span = this.counter?.trace?.statement(name);
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
    const text = this.queries.get(name);
    if (text === undefined) throw new Error(`Query not in the registry: ${name}`);
    if (this.counter !== null) this.counter.statements += 1;
    return text;
  }

  private cypherParams(params: object): Record<string, unknown> {
    return toCypherParams({ ...params, scope: this.scope });
  }

  private session<T>(
    mode: "READ" | "WRITE",
    work: (tx: ManagedTransaction) => Promise<T>,
    txConfig: { timeout?: number } = this.txConfig,
  ): Promise<T> {
    return this.circuit.run(async () => {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      });
      try {
        return mode === "READ"
          ? await session.executeRead(work, txConfig)
          : await session.executeWrite(work, txConfig);
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
function toCypherParams(value: unknown): Record<string, unknown> {
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

/** Tries of a single read statement when Neo4j reports a transient error. */
const READ_ATTEMPTS = 3;

function isTransient(error: unknown): boolean {
  return error instanceof Neo4jError && error.retryable && !UNAVAILABLE_CODES.has(error.code);
}

/** Recognises driver errors by their code, never by their message text. */
export function mapDriverError(error: unknown): unknown {
  if (error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code)) {
    return new DatabaseUnavailableError();
  }
  if (error instanceof Neo4jError && TIMEOUT_CODES.has(error.code)) {
    return new DatabaseTimeoutError();
  }
  return error;
}
