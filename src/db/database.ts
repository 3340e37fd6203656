import neo4j, { Neo4jError } from "neo4j-driver";
import type { Driver, ManagedTransaction } from "neo4j-driver";
import { DatabaseUnavailableError } from "../errors";
import { toPlain } from "./mappers";
import { loadQueryRegistry, loadSchemaStatements } from "./queries";
import type { Params, QueryName, QueryRegistry, Row } from "./queries";

/** Counts the Cypher statements one request runs (the N+1 guard and the benchmarks read it). */
export interface StatementCounter {
  statements: number;
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
  /** How long a request waits for a connection before it reports the database unavailable. */
  connectionTimeoutMs?: number;
}

// Driver error codes that mean "the database is not there right now" (not the query's fault).
const UNAVAILABLE_CODES = new Set(["ServiceUnavailable", "SessionExpired"]);

/**
 * The one gateway to Neo4j. Every statement comes from the query registry, runs in a managed
 * transaction (executeRead/executeWrite retry transient errors, so the work must be safe to run
 * twice) on the named database, and returns plain rows.
 */
export class Db {
  private constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly queries: QueryRegistry,
    private readonly counter: StatementCounter | null,
  ) {}

  static connect(options: DbOptions, queries: QueryRegistry = loadQueryRegistry()): Db {
    const auth =
      options.password === "" ? undefined : neo4j.auth.basic(options.user, options.password);
    const driver = neo4j.driver(options.uri, auth, {
      connectionAcquisitionTimeout: options.connectionTimeoutMs ?? 3_000,
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      // Retries cover deadlocks and brief leader changes; an absent database should fail fast.
      maxTransactionRetryTime: 1_500,
      // Keep the logs free of the driver's notifications about our own schema statements.
      notificationFilter: { minimumSeverityLevel: "OFF" },
    });
    return new Db(driver, options.database, queries, null);
  }

  /** The same connection, counting the statements it runs into `counter`. */
  withCounter(counter: StatementCounter): Db {
    return new Db(this.driver, this.database, this.queries, counter);
  }

  async read<N extends QueryName>(name: N, params: Params<N>): Promise<Row<N>[]> {
    return this.session("READ", (tx) => this.runIn(tx, name, params));
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

  /** Applies cypher/schema idempotently and waits until the indexes are online. */
  async applySchema(statements: string[] = loadSchemaStatements()): Promise<void> {
    for (const statement of statements) {
      await this.session("WRITE", (tx) => tx.run(statement));
    }
    await this.session("READ", (tx) => tx.run("CALL db.awaitIndexes(300)"));
  }

  /** Names of the constraints in the database (for checks and tests). */
  async constraintNames(): Promise<string[]> {
    const rows = await this.session("READ", (tx) =>
      tx.run("SHOW CONSTRAINTS YIELD name RETURN name"),
    );
    return rows.records.map((record) => String(record.get("name")));
  }

  /** True when a trivial query succeeds now; never throws. */
  async isReachable(): Promise<boolean> {
    try {
      await this.driver.verifyConnectivity({ database: this.database });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async runIn<N extends QueryName>(
    tx: ManagedTransaction,
    name: N,
    params: Params<N>,
  ): Promise<Row<N>[]> {
    const text = this.queries.get(name);
    if (text === undefined) throw new Error(`Query not in the registry: ${name}`);
    if (this.counter !== null) this.counter.statements += 1;
    const result = await tx.run(text, toCypherParams(params));
    return result.records.map((record) => toPlain(record.toObject()) as Row<N>);
  }

  private async session<T>(
    mode: "READ" | "WRITE",
    work: (tx: ManagedTransaction) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return mode === "READ" ? await session.executeRead(work) : await session.executeWrite(work);
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await session.close();
    }
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

/** Recognises driver errors by their code, never by their message text. */
export function mapDriverError(error: unknown): unknown {
  if (error instanceof Neo4jError && UNAVAILABLE_CODES.has(error.code)) {
    return new DatabaseUnavailableError();
  }
  return error;
}
