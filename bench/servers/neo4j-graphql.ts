import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import type { EdgeRecord } from "../../src/domain";
import { benchDriver, DirectQueries } from "./direct";
import { announce, requiredEnv, stopOnSignal } from "./process";

/**
 * The same graph served by the Neo4j GraphQL Library (@neo4j/graphql 7): nodes and edges as
 * `@node` types and `@relationship` fields (edge properties as `@relationshipProperties`), which
 * the library turns into one Cypher statement per root field. What it has no equivalent for is
 * written the way its documentation says: `@cypher` fields for the customers a partner serves
 * (a two-step traversal with de-duplication), `whoServes` and `distributionChains` (their Cypher
 * mirrors cypher/queries/servicesOfCustomers.cypher and distributionChains.cypher, with no
 * partner scope), and a custom resolver for `validateEdge`, whose rules live in TypeScript.
 */
export const NEO4J_GRAPHQL_TYPE_DEFS = /* GraphQL */ `
  type Partner @node {
    id: ID!
    name: String!
    role: String!
    cloud: String!
    country: String!
    markets: [String!]!
    mpaSigned: Boolean!
    tenants: [Tenant!]! @relationship(type: "OWNS", direction: OUT)
    resellers: [Partner!]! @relationship(type: "SUPPLIES", direction: OUT, properties: "Supplies")
    providers: [Partner!]! @relationship(type: "SUPPLIES", direction: IN, properties: "Supplies")
    resellsFor: [Tenant!]!
      @relationship(type: "RESELLS_FOR", direction: OUT, properties: "ResellsFor")
    servesWorkload: [Tenant!]!
      @relationship(type: "SERVES_WORKLOAD", direction: OUT, properties: "ServesWorkload")
    provisions: [Tenant!]!
      @relationship(type: "PROVISIONS", direction: OUT, properties: "Provisions")
    "Customers served directly: an edge into one of their tenants, each customer once."
    customers(first: Int = 20): [Customer!]!
      @cypher(
        statement: """
        MATCH (this)-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]->(:Tenant)<-[:OWNS]-(c:Customer)
        WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED'
        WITH DISTINCT c
        ORDER BY c.name, c.id
        LIMIT $first
        RETURN c
        """
        columnName: "c"
      )
  }

  type Customer @node {
    id: ID!
    name: String!
    cloud: String!
    country: String!
    tenants: [Tenant!]! @relationship(type: "OWNS", direction: OUT)
  }

  type Tenant @node {
    id: ID!
    domain: String!
    purpose: String!
    cloud: String!
    country: String!
    resellers: [Partner!]!
      @relationship(type: "RESELLS_FOR", direction: IN, properties: "ResellsFor")
    workloadPartners: [Partner!]!
      @relationship(type: "SERVES_WORKLOAD", direction: IN, properties: "ServesWorkload")
    provisioners: [Partner!]!
      @relationship(type: "PROVISIONS", direction: IN, properties: "Provisions")
  }

  type Supplies @relationshipProperties {
    state: String!
    since: Date
  }
  type ResellsFor @relationshipProperties {
    state: String!
    since: Date
    via: String
  }
  type ServesWorkload @relationshipProperties {
    workload: String!
    role: String
    via: String
  }
  type Provisions @relationshipProperties {
    subscriptionId: String!
    workload: String
    billing: String
    channel: String
    termEnd: Date
    resellerOfRecord: String
    via: String
  }

  type ServicePartner {
    id: ID!
    name: String!
    role: String!
  }
  type TenantRef {
    id: ID!
    domain: String!
  }
  type PartnerRef {
    id: ID!
    name: String!
  }
  type Service {
    partner: ServicePartner!
    tenant: TenantRef!
    relation: String!
    workload: String
    via: PartnerRef
  }
  type Hop {
    type: String!
    from: ID!
    to: ID!
  }
  type Chain {
    partners: [PartnerRef!]!
    tenant: TenantRef!
    hops: [Hop!]!
  }
  type Violation {
    rule: String!
    message: String!
  }
  type PolicyDecision {
    allowed: Boolean!
    violations: [Violation!]!
    warnings: [Violation!]!
  }
  input EdgeInput {
    type: String!
    from: ID!
    to: ID!
    state: String
    via: ID
    workload: String
    role: String
    subscriptionId: String
    billing: String
    channel: String
    termEnd: String
    resellerOfRecord: ID
  }

  type Query {
    whoServes(customerId: ID!): [Service!]!
      @cypher(
        statement: """
        MATCH (:Customer {id: $customerId})-[:OWNS]->(t:Tenant)<-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(p:Partner)
        WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED'
        OPTIONAL MATCH (via:Partner {id: e.via})
        WITH t, p, e, via ORDER BY t.domain, p.name, p.id, type(e), e.workload, e.subscriptionId
        RETURN {
          partner: p {.id, .name, .role}, tenant: t {.id, .domain}, relation: type(e),
          workload: e.workload, via: CASE WHEN via IS NULL THEN null ELSE via {.id, .name} END
        } AS service
        """
        columnName: "service"
      )
    distributionChains(customerId: ID!, maxHops: Int = 3): [Chain!]!
      @cypher(
        statement: """
        MATCH (:Customer {id: $customerId})-[:OWNS]->(t:Tenant)<-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(p:Partner)
        WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED'
        MATCH path = (top:Partner)-[:SUPPLIES*0..9]->(p)
        WHERE length(path) < $maxHops
          AND all(s IN relationships(path) WHERE s.state = 'ACTIVE')
          AND NOT EXISTS { (:Partner)-[s:SUPPLIES {state: 'ACTIVE'}]->(top) }
          AND (e.via IS NULL OR (length(path) > 0 AND nodes(path)[-2].id = e.via))
        WITH t, e, path ORDER BY t.domain, [n IN nodes(path) | n.name], type(e), e.workload, e.subscriptionId
        RETURN {
          partners: [n IN nodes(path) | n {.id, .name}],
          tenant: t {.id, .domain},
          hops: [s IN relationships(path) | {type: type(s), from: startNode(s).id, to: endNode(s).id}]
            + [{type: type(e), from: startNode(e).id, to: t.id}]
        } AS chain
        """
        columnName: "chain"
      )
    "The CSP rules are TypeScript (src/policy): a custom resolver gathers facts and runs them."
    validateEdge(input: EdgeInput!): PolicyDecision!
  }
`;

async function main(): Promise<void> {
  const driver = benchDriver(requiredEnv("NEO4J_URI"), false);
  const direct = new DirectQueries(driver, "neo4j");
  const neoSchema = new Neo4jGraphQL({
    typeDefs: NEO4J_GRAPHQL_TYPE_DEFS,
    driver,
    resolvers: {
      Query: {
        validateEdge: (_root: unknown, args: { input: EdgeRecord }) =>
          direct.validate(dropNulls(args.input), { statements: 0 }),
      },
    },
  });
  // Fails with a list of what is missing when the database lacks APOC or is too old.
  await neoSchema.checkNeo4jCompat({ sessionConfig: { database: "neo4j" } });
  const server = new ApolloServer({ schema: await neoSchema.getSchema() });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async () => ({ sessionConfig: { database: "neo4j" } }),
  });
  announce(url);
  stopOnSignal(async () => {
    await server.stop();
    await driver.close();
  });
}

/** GraphQL hands absent optional input fields over as missing, explicit nulls as null. */
function dropNulls(input: EdgeRecord): EdgeRecord {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== null),
  ) as unknown as EdgeRecord;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
