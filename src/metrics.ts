import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RequestRecord } from "./request-scope";
import { outcomeOf } from "./request-scope";

// prom-client's process collectors (memory, CPU, event loop, GC) observe the whole process and
// install process-wide hooks, so there is one set per process however many servers it runs.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** What the GDAP gauges show (src/services/gdap.service.ts gathers it). */
export interface GdapExpiryFigures {
  within7: number;
  within30: number;
  globalAdminWithin7: number;
  globalAdminWithin30: number;
}

/**
 * The server's Prometheus metrics, in a registry of its own (tests run several servers in one
 * process). `operation` is the operation type and its first root field, never a client-chosen
 * operation name, so its values are bounded by the schema.
 */
export class Metrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "csp_graph_requests_total",
    help: "GraphQL requests by operation and outcome (ok or the first error's code).",
    labelNames: ["operation", "outcome"],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: "csp_graph_request_duration_seconds",
    help: "Time from receiving a GraphQL request to sending its response.",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly statements = new Counter({
    name: "csp_graph_cypher_statements_total",
    help: "Cypher statements run on behalf of GraphQL requests.",
    labelNames: ["operation"],
    registers: [this.registry],
  });
  private readonly policyRefusals = new Counter({
    name: "csp_graph_policy_refusals_total",
    help: "Edges refused by CSP policy, by rule (one refusal may break several rules).",
    labelNames: ["rule"],
    registers: [this.registry],
  });
  private readonly limitRefusals = new Counter({
    name: "csp_graph_limit_refusals_total",
    help: "Requests refused as QUERY_TOO_COMPLEX, by limit.",
    labelNames: ["kind"],
    registers: [this.registry],
  });
  private readonly busyRefusals = new Counter({
    name: "csp_graph_busy_refusals_total",
    help: "Writes answered SERVER_BUSY (no turn at their locks within WRITE_WAIT_MS), by operation.",
    labelNames: ["operation"],
    registers: [this.registry],
  });

  /** Read at each scrape. */
  readonly databaseAvailable: Gauge;
  /** Read at each scrape, from the database (one statement over an index). */
  readonly gdapExpiring: Gauge;

  /**
   * `gdapExpiry` gives the GDAP gauges' figures at each scrape; null or a failure leaves them
   * out of that scrape (an alerting rule then sees no data, not a false zero).
   */
  constructor(
    databaseAvailable: () => boolean,
    gdapExpiry: () => Promise<GdapExpiryFigures | null> = () => Promise.resolve(null),
  ) {
    this.gdapExpiring = new Gauge({
      name: "csp_graph_gdap_expiring_relationships",
      help:
        "ACTIVE GDAP relationships whose endsOn lies between today and today + within_days; " +
        "roles=global_administrator counts those that include Global Administrator (they cannot auto-extend).",
      labelNames: ["within_days", "roles"],
      registers: [this.registry],
      async collect() {
        this.reset();
        const figures = await gdapExpiry().catch(() => null);
        if (figures === null) return;
        this.set({ within_days: "7", roles: "any" }, figures.within7);
        this.set({ within_days: "30", roles: "any" }, figures.within30);
        this.set({ within_days: "7", roles: "global_administrator" }, figures.globalAdminWithin7);
        this.set({ within_days: "30", roles: "global_administrator" }, figures.globalAdminWithin30);
      },
    });
    this.databaseAvailable = new Gauge({
      name: "csp_graph_database_available",
      help: "1 while requests reach Neo4j, 0 while they are refused as DATABASE_UNAVAILABLE.",
      registers: [this.registry],
      collect() {
        this.set(databaseAvailable() ? 1 : 0);
      },
    });
  }

  /** Counts one finished request. */
  observe(record: RequestRecord): void {
    const { operation } = record;
    this.requests.inc({ operation, outcome: outcomeOf(record) });
    const seconds = Number(process.hrtime.bigint() - record.startedAt) / 1e9;
    this.duration.observe({ operation }, seconds);
    if (record.stats.statements > 0) this.statements.inc({ operation }, record.stats.statements);
    for (const error of record.errors) {
      const extensions = error.extensions ?? {};
      if (extensions.code === "POLICY_VIOLATION" && Array.isArray(extensions.violations)) {
        for (const violation of extensions.violations as unknown[]) {
          const rule = (violation as { rule?: unknown } | null)?.rule;
          if (typeof rule === "string") this.policyRefusals.inc({ rule });
        }
      }
      if (extensions.code === "SERVER_BUSY") this.busyRefusals.inc({ operation });
      if (extensions.code === "QUERY_TOO_COMPLEX" && typeof extensions.kind === "string") {
        this.limitRefusals.inc({ kind: extensions.kind });
      }
    }
  }

  readonly contentType = this.registry.contentType;

  /** The text exposition of the process and server metrics. */
  async render(): Promise<string> {
    return (await processMetrics().metrics()) + "\n" + (await this.registry.metrics());
  }
}
