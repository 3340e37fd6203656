import crypto from "node:crypto";
import jwt from "jsonwebtoken";

/**
 * The servers under test: the three always measured, and `oursBefore`, this server built from
 * another checkout (`--compare DIR`), to tell a change's cost from the spread between runs.
 */
export type ServerKind = "ours" | "baseline" | "neo4jGraphql" | "oursBefore";

/** The servers under test, in the order the benchmark starts, measures and reports them. */
export const SERVERS: readonly ServerKind[] = ["ours", "baseline", "neo4jGraphql", "oursBefore"];

export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: "ours",
  baseline: "bare baseline",
  neo4jGraphql: "@neo4j/graphql",
  oursBefore: "ours before",
};

/**
 * The reads the earlier checkout is compared on: the writes (Q6) would store edges its code
 * judged, into a graph that this checkout's findings describe, and Q7/Q8 may not exist there.
 */
const COMPARED_OPERATIONS: readonly OperationId[] = ["Q1", "Q2", "Q3", "Q4", "Q5"];

/** The ids every server is asked about: picked from the imported graph (see pick.ts). */
export interface BenchIds {
  /** Q1 and Q3: an indirect provider with many resellers. */
  providerId: string;
  /** Q2 and Q4: a customer with several tenants and partners. */
  customerId: string;
  /** Q5: an edge the rules allow. */
  allowedEdge: Record<string, string>;
  /** Q6: (partner, tenant) pairs with an ACTIVE RESELLS_FOR, to PROVISION new subscriptions in. */
  provisionPairs: { from: string; to: string }[];
}

export type OperationId = "Q1" | "Q2" | "Q3" | "Q4" | "Q5" | "Q6" | "Q7" | "Q8";

/** How a server is asked: the earlier checkout of ours speaks ours' GraphQL. */
type Dialect = Exclude<ServerKind, "oursBefore">;

/** One HTTP request: where to send it, its JSON body, and headers besides the content type. */
export interface BenchRequest {
  path: string;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Operation {
  id: OperationId;
  title: string;
  /** The request each server gets; null when the server has no such operation. */
  request(server: Dialect, ids: BenchIds, sequence: () => number): BenchRequest | null;
  /** Whether every request needs a fresh body (a new edge each time). */
  fresh?: boolean;
}

/** Customers per reseller in Q3. */
export const Q3_FIRST = 50;
/** Relationships per page in Q8. */
export const Q8_FIRST = 20;

const PARTNER_FIELDS = "id name role cloud country markets mpaSigned";

const graphql = (query: string, variables: Record<string, unknown>): BenchRequest => ({
  path: "",
  body: { query, variables },
});

/**
 * Every server runs as in production (NODE_ENV=production): graphql-js and Apollo then skip
 * their development checks, and ours requires a bearer token, which it verifies on every
 * request. This run's secret, given to ours as JWT_SECRET, and an ADMIN token signed with it.
 */
export const OURS_JWT_SECRET = crypto.randomBytes(32).toString("hex");
const OURS_AUTHORIZATION = `Bearer ${jwt.sign({ sub: "bench", role: "ADMIN" }, OURS_JWT_SECRET, { expiresIn: "12h" })}`;

/** The request `server` gets for `operation`, with ours's token; null when it has none. */
export function requestFor(
  operation: Operation,
  server: ServerKind,
  ids: BenchIds,
  sequence: () => number,
): BenchRequest | null {
  if (server === "oursBefore" && !COMPARED_OPERATIONS.includes(operation.id)) return null;
  const request = operation.request(server === "oursBefore" ? "ours" : server, ids, sequence);
  if (request === null || (server !== "ours" && server !== "oursBefore")) return request;
  return { ...request, headers: { authorization: OURS_AUTHORIZATION } };
}

/**
 * Q1–Q6 as each server spells them. The selections are the same everywhere: the same fields of
 * the same nodes, in the same order, so the responses carry the same data.
 */
export const OPERATIONS: readonly Operation[] = [
  {
    id: "Q1",
    title: "a partner by id",
    request: (server, ids) => {
      switch (server) {
        case "ours":
          return graphql(`query Q1($id: ID!) { partner(id: $id) { ${PARTNER_FIELDS} } }`, {
            id: ids.providerId,
          });
        case "baseline":
          return { path: "/q1", body: { id: ids.providerId } };
        case "neo4jGraphql":
          return graphql(
            `query Q1($id: ID!) { partners(where: { id: { eq: $id } }) { ${PARTNER_FIELDS} } }`,
            { id: ids.providerId },
          );
      }
    },
  },
  {
    id: "Q2",
    title: "whoServes for a customer",
    request: (server, ids) => {
      const selection =
        "partner { id name role } tenant { id domain } relation workload via { id name }";
      switch (server) {
        case "ours":
        case "neo4jGraphql":
          return graphql(`query Q2($id: ID!) { whoServes(customerId: $id) { ${selection} } }`, {
            id: ids.customerId,
          });
        case "baseline":
          return { path: "/q2", body: { customerId: ids.customerId } };
      }
    },
  },
  {
    id: "Q3",
    title: `a provider, its resellers, their customers (first ${Q3_FIRST} each)`,
    request: (server, ids) => {
      switch (server) {
        case "ours":
          return graphql(
            `
              query Q3($id: ID!, $first: Int!) {
                partner(id: $id) {
                  id
                  name
                  resellers {
                    id
                    name
                    customers(first: $first) {
                      edges {
                        node {
                          id
                          name
                        }
                      }
                    }
                  }
                }
              }
            `,
            { id: ids.providerId, first: Q3_FIRST },
          );
        case "baseline":
          return { path: "/q3", body: { id: ids.providerId, first: Q3_FIRST } };
        case "neo4jGraphql":
          return graphql(
            `
              query Q3($id: ID!, $first: Int!) {
                partners(where: { id: { eq: $id } }) {
                  id
                  name
                  resellersConnection(
                    where: { edge: { state: { eq: "ACTIVE" } } }
                    sort: [{ node: { name: ASC } }]
                  ) {
                    edges {
                      node {
                        id
                        name
                        customers(first: $first) {
                          id
                          name
                        }
                      }
                    }
                  }
                }
              }
            `,
            { id: ids.providerId, first: Q3_FIRST },
          );
      }
    },
  },
  {
    id: "Q4",
    title: "distributionChains for a customer",
    request: (server, ids) => {
      const selection = "partners { id name } tenant { id domain } hops { type from to }";
      switch (server) {
        case "ours":
        case "neo4jGraphql":
          return graphql(
            `query Q4($id: ID!) { distributionChains(customerId: $id, maxHops: 3) { ${selection} } }`,
            { id: ids.customerId },
          );
        case "baseline":
          return { path: "/q4", body: { customerId: ids.customerId, maxHops: 3 } };
      }
    },
  },
  {
    id: "Q5",
    title: "validateEdge (an edge the rules allow)",
    request: (server, ids) => {
      switch (server) {
        case "ours":
        case "neo4jGraphql":
          return graphql(
            `
              query Q5($input: EdgeInput!) {
                validateEdge(input: $input) {
                  allowed
                  violations {
                    rule
                    message
                  }
                  warnings {
                    rule
                    message
                  }
                }
              }
            `,
            { input: ids.allowedEdge },
          );
        case "baseline":
          return { path: "/q5", body: { edge: ids.allowedEdge } };
      }
    },
  },
  {
    id: "Q6",
    title: "createEdge (a new PROVISIONS each request)",
    fresh: true,
    request: (server, ids, sequence) => {
      const n = sequence();
      const pair = ids.provisionPairs[n % ids.provisionPairs.length];
      if (pair === undefined) throw new Error("no (partner, tenant) pairs for Q6");
      const edge = {
        type: "PROVISIONS",
        from: pair.from,
        to: pair.to,
        subscriptionId: `${BENCH_SUBSCRIPTION_PREFIX}${server}-${n}`,
        workload: "AZURE",
        billing: "USAGE",
        channel: "CSP",
      };
      switch (server) {
        case "ours":
          return graphql(
            `
              mutation Q6($input: EdgeInput!) {
                createEdge(input: $input) {
                  type
                  from
                  to
                }
              }
            `,
            { input: edge },
          );
        case "baseline":
          return { path: "/q6", body: { edge } };
        case "neo4jGraphql":
          return null;
      }
    },
  },
  {
    // GDAP (issue 18): measured beside Q2, whose p50 it should not exceed. Only ours has it.
    id: "Q7",
    title: "delegatedAdmins for a customer",
    request: (server, ids) => {
      switch (server) {
        case "ours":
          return graphql(
            `
              query Q7($id: ID!) {
                delegatedAdmins(customerId: $id) {
                  relationshipId
                  displayName
                  status
                  partner {
                    id
                    name
                  }
                  tenant {
                    id
                    domain
                  }
                  roles {
                    id
                    name
                  }
                  endsOn
                  daysLeft
                }
              }
            `,
            { id: ids.customerId },
          );
        case "baseline":
        case "neo4jGraphql":
          return null;
      }
    },
  },
  {
    id: "Q8",
    title: `expiringDelegatedAdmins (within 30 days, first ${Q8_FIRST})`,
    request: (server) => {
      switch (server) {
        case "ours":
          return graphql(
            `
              query Q8($first: Int!) {
                expiringDelegatedAdmins(withinDays: 30, first: $first) {
                  edges {
                    cursor
                    node {
                      relationshipId
                      partner {
                        id
                      }
                      tenant {
                        domain
                      }
                      endsOn
                      daysLeft
                    }
                  }
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                }
              }
            `,
            { first: Q8_FIRST },
          );
        case "baseline":
        case "neo4jGraphql":
          return null;
      }
    },
  },
];

/** Subscriptions Q6 creates start with this, so the benchmark can remove them afterwards. */
export const BENCH_SUBSCRIPTION_PREFIX = "bench-sub-";
