// @ts-check
// The explorer's only way to the data: POST /graphql on this server, with the bearer token the
// user pasted. Each function names the fields it reads, so the page follows the public schema.

import { keyProperties } from "./edge-types.js";

/** @typedef {"DIRECT_BILL" | "INDIRECT_PROVIDER" | "INDIRECT_RESELLER"} PartnerRole */
/** @typedef {import("./edge-types.js").EdgeType} EdgeType */
/**
 * @typedef {{ id: string, name: string, role: PartnerRole, cloud: string, country: string,
 *   markets: string[], mpaSigned: boolean }} Partner
 * @typedef {{ id: string, name: string, cloud: string, country: string }} Customer
 * @typedef {{ id: string, domain: string, purpose: string, cloud: string, country: string }} Tenant
 * @typedef {{ partner: Partner, tenant: { id: string, domain: string }, relation: EdgeType,
 *   workload: string | null, subscriptionId: string | null, via: Partner | null }} Service
 * @typedef {{ partners: Partner[], tenant: { id: string }, hops: { type: EdgeType, from: string,
 *   to: string }[] }} Chain
 * @typedef {{ type: EdgeType, from: string, to: string, workload: string | null,
 *   subscriptionId: string | null, relationshipId?: string | null }} EdgeRef
 * @typedef {{ rule: string, message: string, edge: EdgeRef | null }} Violation
 * @typedef {{ message: string, extensions?: { code?: unknown } }} GraphQLError
 * @typedef {{ kind: "partner", partner: Partner } | { kind: "customer", customer: Customer }} Match
 * @typedef {{ partner: Partner, providers: { partner: Partner, state: string }[],
 *   resellers: { partner: Partner, state: string }[],
 *   customers: (Customer & { servedBy: Service[] })[], customerCount: number }} Neighbourhood
 * @typedef {{ relationshipId: string, displayName: string, status: string, partner: Partner,
 *   tenant: { id: string, domain: string }, via: Partner | null,
 *   roles: { id: string, name: string | null }[], endsOn: string | null, daysLeft: number | null,
 *   autoExtend: boolean }} DelegatedAdmin
 * @typedef {{ customer: (Customer & { tenants: Tenant[] }) | null, whoServes: Service[],
 *   distributionChains: Chain[], delegatedAdmins: DelegatedAdmin[] }} CustomerPicture
 * @typedef {{ totalCount: number, edges: { node: Customer & { servedBy: Service[] } }[] }} CustomerPage
 * @typedef {{ totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null },
 *   edges: { node: Violation }[] }} AuditPage
 */

const SUPPLY_STATES = ["ACTIVE", "PENDING", "REMOVED"];

const PARTNER_FIELDS = "id name role cloud country markets mpaSigned";
const GDAP_FIELDS = `relationshipId displayName status tenant { id domain }
  partner { ${PARTNER_FIELDS} } via { ${PARTNER_FIELDS} } roles { id name } endsOn daysLeft autoExtend`;
// A Service's key properties are those of the types that come as services (edgeKey names them).
const SERVICE_FIELDS = `relation ${keyProperties("services").join(" ")} tenant { id domain }
  partner { ${PARTNER_FIELDS} } via { ${PARTNER_FIELDS} }`;
/** What names the edge of a finding: its type, ends and every type's key property. */
const EDGE_REF_FIELDS = `type from to ${keyProperties().join(" ")}`;

/** What the user should do about an error code, where the code alone does not say it. */
const HINTS = /** @type {Readonly<Record<string, string>>} */ ({
  UNAUTHENTICATED: "paste a valid bearer token in the token field",
  FORBIDDEN: "the token's role or partner scope does not reach this data",
  QUERY_TOO_COMPLEX: "the server refused the query as too large",
  DATABASE_UNAVAILABLE: "the server cannot reach its database",
});

/** A request that failed as a whole, or answered with GraphQL errors. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {string} code the first error's extensions.code, or a transport-level stand-in
   * @param {unknown} [partialData] data that came with the errors, if any
   */
  constructor(message, code, partialData) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.hint = HINTS[code] ?? "";
    this.partialData = partialData;
  }
}

/**
 * A GraphQL client for this server.
 * @param {() => string} getToken the bearer token to send, or "" for none
 */
export function createClient(getToken) {
  /**
   * @param {string} query
   * @param {Record<string, unknown>} [variables]
   * @returns {Promise<Record<string, unknown>>} the data; any GraphQL error becomes an ApiError
   */
  async function request(query, variables = {}) {
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json", accept: "application/json" };
    const token = getToken().trim();
    if (token !== "") headers.authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch("/graphql", {
        method: "POST",
        headers,
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError("cannot reach the server at /graphql", "NETWORK_ERROR");
    }
    /** @type {{ data?: Record<string, unknown> | null, errors?: GraphQLError[] } | undefined} */
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const errors = body?.errors ?? [];
    const first = errors[0];
    if (first !== undefined) {
      const code = typeof first.extensions?.code === "string" ? first.extensions.code : "ERROR";
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
      throw new ApiError(`${first.message}${more}`, code, body?.data ?? undefined);
    }
    if (!response.ok || body?.data == null) {
      const code =
        response.status === 401
          ? "UNAUTHENTICATED"
          : response.status === 403
            ? "FORBIDDEN"
            : `HTTP_${response.status}`;
      throw new ApiError(`the server answered ${response.status} ${response.statusText}`, code);
    }
    return body.data;
  }

  return {
    /**
     * Partners and customers whose name starts with the text (as typed, and capitalised, since
     * the server's prefix match is case-sensitive) or whose id is the text.
     * @param {string} text
     * @returns {Promise<Match[]>}
     */
    async suggest(text) {
      const names = nameVariants(text);
      const ids = [...new Set([text, text.toUpperCase()])];
      /** @type {string[]} */
      const fields = [];
      /** @type {string[]} */
      const params = [];
      /** @type {Record<string, unknown>} */
      const variables = {};
      names.forEach((name, i) => {
        params.push(`$n${i}: String!`);
        variables[`n${i}`] = name;
        fields.push(
          `p${i}: partners(where: { namePrefix: $n${i} }, first: 6) { edges { node { ${PARTNER_FIELDS} } } }`,
          `c${i}: customers(where: { namePrefix: $n${i} }, first: 6) { edges { node { id name cloud country } } }`,
        );
      });
      ids.forEach((id, i) => {
        params.push(`$i${i}: ID!`);
        variables[`i${i}`] = id;
        fields.push(
          `pid${i}: partner(id: $i${i}) { ${PARTNER_FIELDS} }`,
          `cid${i}: customer(id: $i${i}) { id name cloud country }`,
        );
      });
      const data = await request(
        `query Suggest(${params.join(", ")}) {\n${fields.join("\n")}\n}`,
        variables,
      );
      /** @type {Map<string, Match>} */
      const found = new Map();
      // Exact ids first: typing "P-200" should offer P-200 before names that start with "P".
      ids.forEach((_, i) => {
        const partner = /** @type {Partner | null} */ (data[`pid${i}`]);
        const customer = /** @type {Customer | null} */ (data[`cid${i}`]);
        if (partner) found.set(partner.id, { kind: "partner", partner });
        if (customer) found.set(customer.id, { kind: "customer", customer });
      });
      names.forEach((_, i) => {
        const partners = /** @type {{ edges: { node: Partner }[] }} */ (data[`p${i}`]);
        const customers = /** @type {{ edges: { node: Customer }[] }} */ (data[`c${i}`]);
        for (const { node } of partners.edges)
          found.set(node.id, { kind: "partner", partner: node });
        for (const { node } of customers.edges) {
          found.set(node.id, { kind: "customer", customer: node });
        }
      });
      return [...found.values()];
    },

    /**
     * A customer, its tenants, every service into them and its distribution chains.
     * @param {string} id
     * @returns {Promise<CustomerPicture>}
     */
    async customerPicture(id) {
      const data = await request(
        `query CustomerPicture($id: ID!) {
          customer(id: $id) { id name cloud country tenants { id domain purpose cloud country } }
          whoServes(customerId: $id) { ${SERVICE_FIELDS} }
          distributionChains(customerId: $id, maxHops: 3) {
            partners { ${PARTNER_FIELDS} } tenant { id } hops { type from to }
          }
          delegatedAdmins(customerId: $id) { ${GDAP_FIELDS} }
        }`,
        { id },
      );
      return /** @type {CustomerPicture} */ (data);
    },

    /**
     * The ACTIVE GDAP relationships ending within `withinDays`, soonest first (first 100).
     * @param {number} withinDays
     * @returns {Promise<{ totalCount: number, edges: { node: DelegatedAdmin }[] }>}
     */
    async expiringDelegatedAdmins(withinDays) {
      const data = await request(
        `query Expiring($within: Int!) {
          expiringDelegatedAdmins(withinDays: $within, first: 100) {
            totalCount edges { node { ${GDAP_FIELDS} } }
          }
        }`,
        { within: withinDays },
      );
      return /** @type {{ totalCount: number, edges: { node: DelegatedAdmin }[] }} */ (
        data.expiringDelegatedAdmins
      );
    },

    /**
     * A partner with its providers and resellers in every state, and the customers it serves
     * directly with the services into their tenants.
     * @param {string} id
     * @param {number} first how many customers
     * @returns {Promise<Neighbourhood | null>}
     */
    async partnerNeighbourhood(id, first) {
      const supplies = SUPPLY_STATES.map(
        (state) =>
          `providers${state}: providers(state: ${state}) { ${PARTNER_FIELDS} }
           resellers${state}: resellers(state: ${state}) { ${PARTNER_FIELDS} }`,
      ).join("\n");
      const data = await request(
        `query PartnerNeighbourhood($id: ID!, $first: Int!) {
          partner(id: $id) {
            ${PARTNER_FIELDS}
            ${supplies}
            customers(first: $first) {
              totalCount
              edges { node { id name cloud country servedBy { ${SERVICE_FIELDS} } } }
            }
          }
        }`,
        { id, first },
      );
      const found = /** @type {Record<string, unknown> | null} */ (data.partner);
      if (found === null) return null;
      /** @param {string} key */
      const partners = (key) => /** @type {Partner[]} */ (found[key]);
      const customers = /** @type {CustomerPage} */ (found.customers);
      return {
        partner: /** @type {Partner} */ (/** @type {unknown} */ (found)),
        providers: SUPPLY_STATES.flatMap((state) =>
          partners(`providers${state}`).map((partner) => ({ partner, state })),
        ),
        resellers: SUPPLY_STATES.flatMap((state) =>
          partners(`resellers${state}`).map((partner) => ({ partner, state })),
        ),
        customers: customers.edges.map((edge) => edge.node),
        customerCount: customers.totalCount,
      };
    },

    /**
     * A customer and every service into its tenants, for expanding a customer node.
     * @param {string} id
     */
    async customerNeighbourhood(id) {
      const data = await request(
        `query CustomerNeighbourhood($id: ID!) {
          customer(id: $id) { id name cloud country servedBy { ${SERVICE_FIELDS} } }
        }`,
        { id },
      );
      return /** @type {{ customer: (Customer & { servedBy: Service[] }) | null }} */ (data)
        .customer;
    },

    /**
     * Every audit finding, following the pages up to a bound so a huge audit cannot stall the
     * page.
     * @returns {Promise<{ violations: Violation[], totalCount: number }>}
     */
    async audit() {
      /** @type {Violation[]} */
      const violations = [];
      let after = null;
      let totalCount = 0;
      for (let page = 0; page < 10; page += 1) {
        const data = await request(
          `query Audit($after: String) {
            policyAudit(first: 100, after: $after) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges { node { rule message edge { ${EDGE_REF_FIELDS} } } }
            }
          }`,
          { after },
        );
        const audit = /** @type {AuditPage} */ (data.policyAudit);
        totalCount = audit.totalCount;
        violations.push(...audit.edges.map((edge) => edge.node));
        if (!audit.pageInfo.hasNextPage) break;
        after = audit.pageInfo.endCursor;
      }
      return { violations, totalCount };
    },
  };
}

/**
 * The text as typed, with its first letter capitalised, and with every word capitalised.
 * @param {string} text
 */
export function nameVariants(text) {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  const words = text.replace(/(^|\s)(\S)/g, (_, space, letter) => space + letter.toUpperCase());
  return [...new Set([text, first, words])];
}
