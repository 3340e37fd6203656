import neo4j from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import { rowsOf, withoutCallSite } from "../../src/db/database";
import type { StatementCounter } from "../../src/db/database";
import { joinChains, joinServices } from "../../src/db/mappers";
import { QUERIES_DIR, loadQueryRegistry } from "../../src/db/queries";
import type { Params, QueryName, QueryRegistry, Row } from "../../src/db/queries";
import type { EdgeRecord, PartnerRecord } from "../../src/domain";
import { evaluateEdge } from "../../src/policy/engine";
import type { PolicyDecision } from "../../src/policy/engine";
import { prepareEdge, toEdgeFacts, toFactsInput, today } from "../../src/services/edge.service";

/**
 * The same driver settings as src/db/database.ts, so neither side gets a better pool. The
 * @neo4j/graphql server keeps the driver's default Integer objects (`numbers: false`), which the
 * library is written for.
 */
export function benchDriver(uri: string, numbers = true): Driver {
  return neo4j.driver(uri, undefined, {
    connectionAcquisitionTimeout: 3_000,
    connectionTimeout: 3_000,
    maxTransactionRetryTime: 1_500,
    notificationFilter: { minimumSeverityLevel: "OFF" },
    disableLosslessIntegers: numbers,
  });
}

/**
 * The server's own Cypher statements (cypher/queries, expanded by the same loadQueryRegistry as
 * src/db sends them when `$scope` is null, as for an admin) run straight through neo4j-driver
 * the way src/db runs a read (as an auto-commit query): no GraphQL, no DataLoader, no Db
 * wrapper. Each method does the logical work of one read operation of the benchmark with the
 * statements our resolvers run for it, in the same order. The write (Q6) is not here: the baseline runs it
 * through the project's own createEdge (see servers/baseline.ts).
 */
export class DirectQueries {
  private readonly registry: QueryRegistry = loadQueryRegistry(QUERIES_DIR, "everyone");

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
  ) {}

  /** Q1: one partner by id. */
  async partner(id: string, counter: StatementCounter): Promise<PartnerRecord | null> {
    const [row] = await this.read(counter, (run) => run("partnersByIds", { ids: [id] }));
    return row?.partner ?? null;
  }

  /** Q2: every service into the customer's tenants, with the `via` provider of each. */
  async whoServes(customerId: string, counter: StatementCounter) {
    const [row] = await this.read(counter, (run) =>
      run("servicesOfCustomers", { ids: [customerId], workload: null }),
    );
    return (row === undefined ? [] : joinServices(row)).map((service) => ({
      partner: { id: service.partner.id, name: service.partner.name, role: service.partner.role },
      tenant: { id: service.tenant.id, domain: service.tenant.domain },
      relation: service.relation,
      workload: service.workload,
      via: service.via === null ? null : { id: service.via.id, name: service.via.name },
    }));
  }

  /** Q3: a provider, its ACTIVE resellers, and the first `first` customers of each. */
  async providerCustomers(id: string, first: number, counter: StatementCounter) {
    const partner = await this.partner(id, counter);
    if (partner === null) return null;
    const [supplied] = await this.read(counter, (run) =>
      run("resellersOfProviders", { ids: [id], state: "ACTIVE" }),
    );
    const resellers = supplied?.partners ?? [];
    const pages = new Map<string, { id: string; name: string }[]>();
    if (resellers.length > 0) {
      const rows = await this.read(counter, (run) =>
        run("customersOfPartners", {
          ids: resellers.map((reseller) => reseller.id),
          afterName: null,
          afterId: null,
          limit: neo4j.int(first + 1) as unknown as number,
        }),
      );
      for (const row of rows) {
        pages.set(
          row.key,
          row.page.slice(0, first).map((customer) => ({ id: customer.id, name: customer.name })),
        );
      }
    }
    return {
      id: partner.id,
      name: partner.name,
      resellers: resellers.map((reseller) => ({
        id: reseller.id,
        name: reseller.name,
        customers: pages.get(reseller.id) ?? [],
      })),
    };
  }

  /** Q4: the customer's distribution chains. */
  async chains(customerId: string, maxHops: number, counter: StatementCounter) {
    const rows = await this.read(counter, (run) =>
      run("distributionChains", {
        customerId,
        maxHops: neo4j.int(maxHops) as unknown as number,
      }),
    );
    return joinChains(rows).map((chain) => ({
      partners: chain.partners.map((partner) => ({ id: partner.id, name: partner.name })),
      tenant: { id: chain.tenant.id, domain: chain.tenant.domain },
      hops: chain.hops,
    }));
  }

  /** Q5: the policy decision on an edge, from the facts edgeFacts gathers (validateEdge). */
  async validate(input: EdgeRecord, counter: StatementCounter): Promise<PolicyDecision> {
    const edge = prepareEdge(input);
    const [row] = await this.read(counter, (run) =>
      run("edgeFacts", { edges: [toFactsInput(edge, 0)], audit: false }),
    );
    if (row === undefined) throw new Error("edgeFacts returned no row");
    return evaluateEdge(toEdgeFacts(edge, row, today()));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async read<T>(counter: StatementCounter, work: (run: Runner) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
    });
    const run: Runner = async (name, params) => {
      const text = this.registry.get(name);
      if (text === undefined) throw new Error(`Query not in the registry: ${name}`);
      counter.statements += 1;
      const result = await withoutCallSite(() => session.run(text, { ...params, scope: null }));
      return rowsOf<typeof name>(result);
    };
    try {
      return await work(run);
    } finally {
      await session.close();
    }
  }
}

type Runner = <N extends QueryName>(name: N, params: Params<N>) => Promise<Row<N>[]>;
