import fs from "node:fs";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import { mergeEdges, writeEcosystem } from "../../src/db/ecosystem.writer";
import {
  Billing,
  Cloud,
  EdgeType,
  GLOBAL_ADMINISTRATOR,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import type { EdgeRecord, Ecosystem, PartnerRecord, TenantRecord } from "../../src/domain";
import { DocumentFacts } from "../../src/import/document-facts";
import { parseEcosystem } from "../../src/interchange";
import { ALL_EDGE_TYPES, edgeIdentity, storedEdgeId } from "../../src/policy/edge-types";
import { evaluateEdge } from "../../src/policy/engine";
import type { EdgeFacts } from "../../src/policy/facts";
import { emptySelectors } from "../../src/policy/dependents";
import { gatherFacts, toFactsInput, today } from "../../src/services/edge.service";
import { factsOfEveryEdge } from "../../src/services/audit.service";
import { storedFacts } from "../../src/services/findings.service";
import { resetGraph, testDb } from "../support/harness";

/**
 * The rules read facts gathered two ways: by edgeFacts.cypher from the graph (createEdge,
 * validateEdge, the audit) and by DocumentFacts from an import document laid over the graph.
 * These tests hold the two to each other: an interchange document is judged edge by edge in file
 * order, once as an import does (DocumentFacts over the graph as it was before the import), and
 * once from a graph that holds every edge accepted before it (edgeFacts), and the facts must be
 * the same, edge after edge.
 */

const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

const partner = (id: string, role: PartnerRole, mpaSigned = true): PartnerRecord => ({
  id,
  name: `Partner ${id}`,
  role,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US"],
  mpaSigned,
});

/** Tenant ids are directory GUIDs. */
const T = Object.fromEntries(
  ["T1", "T2", "T3", "TP", "TQ"].map((name, i) => [
    name,
    `fc000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  ]),
) as Record<"T1" | "T2" | "T3" | "TP" | "TQ", string>;

const tenant = (id: string, ownerId: string, purpose = TenantPurpose.CUSTOMER): TenantRecord => ({
  id,
  domain: `fc-${id.slice(-2)}.onmicrosoft.com`,
  purpose,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId,
});

const resells = (from: string, to: string, more: Partial<EdgeRecord> = {}): EdgeRecord => ({
  type: EdgeType.RESELLS_FOR,
  from,
  to,
  ...more,
});
const serves = (from: string, to: string, workload: Workload, more: Partial<EdgeRecord> = {}) => ({
  type: EdgeType.SERVES_WORKLOAD,
  from,
  to,
  workload,
  role: WorkloadRole.MANAGE,
  ...more,
});
const provisions = (
  from: string,
  to: string,
  subscriptionId: string,
  more: Partial<EdgeRecord> = {},
): EdgeRecord => ({
  type: EdgeType.PROVISIONS,
  from,
  to,
  subscriptionId,
  workload: Workload.OFFICE_365,
  billing: Billing.LICENSE,
  termEnd: "2099-01-31",
  ...more,
});
const gdap = (
  from: string,
  to: string,
  relationshipId: string,
  more: Partial<EdgeRecord> = {},
): EdgeRecord => ({
  type: EdgeType.DELEGATED_ADMIN,
  from,
  to,
  relationshipId,
  displayName: "Helpdesk",
  status: GdapStatus.ACTIVE,
  roles: [HELPDESK],
  since: "2025-06-01",
  endsOn: "2027-05-01",
  ...more,
});

/**
 * Two direct-bill partners, a provider with a signed and an unsigned reseller, and every case
 * the facts distinguish: a licence held in its term, one whose term has ended, a usage
 * subscription, one subscription id in two tenants, repeats, a PENDING reseller relationship
 * accepted later in the file, a workload two partners serve, resellers of record, GDAP
 * relationships sharing a name, a terminated one, one Graph id between other ends.
 */
function channel(): Ecosystem {
  return {
    partners: [
      partner("FC-D1", PartnerRole.DIRECT_BILL),
      partner("FC-D2", PartnerRole.DIRECT_BILL),
      partner("FC-P", PartnerRole.INDIRECT_PROVIDER),
      partner("FC-R1", PartnerRole.INDIRECT_RESELLER),
      partner("FC-R2", PartnerRole.INDIRECT_RESELLER, false),
    ],
    customers: [
      { id: "FC-C1", name: "Customer One", cloud: Cloud.PUBLIC, country: "US" },
      { id: "FC-C2", name: "Customer Two", cloud: Cloud.PUBLIC, country: "US" },
    ],
    tenants: [
      tenant(T.T1, "FC-C1"),
      tenant(T.T2, "FC-C2"),
      tenant(T.T3, "FC-C1"),
      tenant(T.TP, "FC-P", TenantPurpose.CSP),
      tenant(T.TQ, "FC-D2", TenantPurpose.CORPORATE),
    ],
    edges: [
      { type: EdgeType.SUPPLIES, from: "FC-P", to: "FC-R1", state: RelationshipState.ACTIVE },
      { type: EdgeType.SUPPLIES, from: "FC-P", to: "FC-R2", state: RelationshipState.PENDING },
      { type: EdgeType.SUPPLIES, from: "FC-P", to: "FC-R2", state: RelationshipState.ACTIVE },
      resells("FC-D1", T.T1),
      resells("FC-D2", T.T1),
      resells("FC-D2", T.T2),
      provisions("FC-D1", T.T1, "fc-licence"),
      provisions("FC-D2", T.T1, "fc-licence"),
      provisions("FC-D2", T.T2, "fc-licence"),
      provisions("FC-D1", T.T1, "fc-usage", { billing: Billing.USAGE, termEnd: undefined }),
      provisions("FC-D2", T.T1, "fc-usage", { billing: Billing.USAGE, termEnd: undefined }),
      provisions("FC-D1", T.T1, "fc-ended", { termEnd: "2020-01-31" }),
      provisions("FC-D2", T.T1, "fc-ended", { termEnd: "2020-01-31" }),
      provisions("FC-D1", T.T1, "fc-licence"),
      resells("FC-P", T.T3),
      resells("FC-R1", T.T3, { via: "FC-P", state: RelationshipState.PENDING }),
      resells("FC-R1", T.T3, { via: "FC-P", state: RelationshipState.ACTIVE }),
      serves("FC-R1", T.T3, Workload.AZURE, { via: "FC-P" }),
      serves("FC-P", T.T3, Workload.AZURE),
      serves("FC-P", T.T3, Workload.AZURE),
      provisions("FC-P", T.T3, "fc-resold", { resellerOfRecord: "FC-R1" }),
      provisions("FC-P", T.T3, "fc-unsigned", { resellerOfRecord: "FC-R2" }),
      resells("FC-R2", T.T3, { via: "FC-P" }),
      resells("FC-D1", T.TP),
      resells("FC-D1", T.TQ),
      provisions("FC-R1", T.T3, "fc-by-reseller"),
      gdap("FC-D1", T.T1, "fc-gdap-1"),
      gdap("FC-D1", T.T2, "fc-gdap-2"),
      gdap("FC-D1", T.T2, "fc-gdap-3", { status: GdapStatus.TERMINATED }),
      gdap("FC-D2", T.T2, "fc-gdap-1"),
      gdap("FC-R1", T.T3, "fc-gdap-4", {
        via: "FC-P",
        status: GdapStatus.PENDING,
        endsOn: undefined,
      }),
      gdap("FC-D2", T.T1, "fc-gdap-5", { roles: [GLOBAL_ADMINISTRATOR], autoExtend: true }),
      gdap("FC-D1", T.T1, "fc-gdap-1"),
      gdap("FC-D2", T.TQ, "fc-gdap-6"),
    ],
  };
}

/** Facts in one order: the holders of a subscription come in no order from either side. */
function canonical(facts: EdgeFacts): EdgeFacts {
  const holders = [...facts.subscriptionHolders].sort((a, b) =>
    JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );
  return { ...facts, subscriptionHolders: holders };
}

interface Judged {
  /** Edges compared. */
  compared: number;
  /** The rules that refused or warned, over the whole document. */
  rules: Set<string>;
  /** The edge types judged. */
  types: Set<EdgeType>;
}

/**
 * Judges `raw` edge by edge both ways. The graph first holds the document's nodes and the
 * edges among its first `split` that an import would accept (an earlier import); the rest is
 * the import under test.
 */
async function judgeBothWays(db: Db, raw: Ecosystem, split: number): Promise<Judged> {
  const parsed = parseEcosystem(raw);
  expect(parsed.problems).toEqual([]);
  const { doc } = parsed;
  const date = today();
  const earlierImport = new DocumentFacts(doc, date);
  const earlier: EdgeRecord[] = [];
  for (const edge of doc.edges.slice(0, split)) {
    if (!evaluateEdge(earlierImport.factsFor(edge, null)).allowed) continue;
    earlierImport.accept(edge);
    earlier.push(edge);
  }
  await resetGraph(db);
  await writeEcosystem(db, { ...doc, edges: earlier });

  const rest = doc.edges.slice(split);
  // As the import reads the graph: once, before it writes anything.
  const before = await db.read("edgeFacts", { edges: rest.map(toFactsInput), audit: false });
  const model = new DocumentFacts(doc, date);
  const judged: Judged = { compared: 0, rules: new Set(), types: new Set() };
  for (const [offset, edge] of rest.entries()) {
    const graphRow = before.find((row) => row.index === offset) ?? null;
    const fromDocument = canonical(model.factsFor(edge, graphRow));
    const [gathered] = await db.readTransaction((tx) => gatherFacts(tx.run, [edge], false));
    if (gathered === undefined) throw new Error(`edgeFacts gave no row for edge ${offset}`);
    const fromGraph = canonical(gathered);
    // By design an import converges: the same edge already in the graph (an earlier import of
    // the same file) is no DUPLICATE for it, while for createEdge it is.
    const inGraphAlready = earlier.some(
      (held) =>
        edgeIdentity(held) === edgeIdentity(edge) && held.from === edge.from && held.to === edge.to,
    );
    if (inGraphAlready) {
      expect([fromDocument.duplicate, fromGraph.duplicate]).toEqual([false, true]);
      fromGraph.duplicate = false;
    }
    expect({ edge: split + offset, facts: fromDocument }).toEqual({
      edge: split + offset,
      facts: fromGraph,
    });

    const decision = evaluateEdge(fromDocument);
    for (const found of [...decision.violations, ...decision.warnings])
      judged.rules.add(found.rule);
    judged.types.add(edge.type);
    judged.compared += 1;
    if (!decision.allowed) continue;
    model.accept(edge);
    await db.writeTransaction((tx) => mergeEdges(tx, [edge]));
  }
  return judged;
}

let db: Db;

beforeAll(async () => {
  db = testDb();
  await db.applySchema();
});

afterAll(async () => {
  await db.close();
});

describe("the facts the rules read, from Cypher and from an interchange document", () => {
  it("agree on every edge of a channel that breaks each sales and GDAP rule, judged from an empty graph", async () => {
    const judged = await judgeBothWays(db, channel(), 0);
    expect(judged.compared).toBe(channel().edges.length);
    expect([...judged.types].sort()).toEqual([...ALL_EDGE_TYPES].sort());
    // The scenario reaches every rule whose facts come from other edges (and some that read
    // only the two ends).
    expect([...judged.rules].sort()).toEqual(
      [
        "DUPLICATE",
        "GDAP_GLOBAL_ADMIN_AUTO_EXTEND",
        "GDAP_UNIQUE_NAME",
        "GDAP_WITHOUT_RESELLER",
        "LICENSE_TERM_LOCK",
        "NO_PARTNER_RESALE",
        "NO_SELF_DEALING",
        "RESELLER_AGREEMENT",
        "RESELLER_NEEDS_PROVIDER",
        "RESELLER_OF_RECORD",
        "SUBSCRIPTION_TENANT",
        "TRANSACTING_ROLE",
        "WORKLOAD_OVERLAP",
      ].sort(),
    );
  });

  it.each([3, 9, 16, 29])(
    "agree when the first %i edges came in by an earlier import",
    async (split) => {
      const judged = await judgeBothWays(db, channel(), split);
      expect(judged.compared).toBe(channel().edges.length - split);
    },
  );

  it("agree on every edge of the demo ecosystem, from an empty graph and over half of it", async () => {
    const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
    const whole = await judgeBothWays(db, demo, 0);
    expect(whole.compared).toBe(demo.edges.length);
    expect([...whole.types].sort()).toEqual([...ALL_EDGE_TYPES].sort());
    const half = Math.floor(demo.edges.length / 2);
    expect((await judgeBothWays(db, demo, half)).compared).toBe(demo.edges.length - half);
  });
});

/**
 * A stored edge is judged on facts gathered a third way: by storedEdgeFacts.cypher, for the
 * edges a write re-judges in its transaction, and by DocumentFacts.storedFactsFor over the whole
 * graph streamed into memory (factsOfEveryEdge), for the full re-audit. The two must agree on every stored edge, rule
 * breakers included (stored as they are, without the rules: as an older rule set let them in).
 */
describe("the facts of stored edges, from Cypher and from the graph read into memory", () => {
  /** The document's edges once each, the last of each identity: what its merges leave stored. */
  function asStored(raw: Ecosystem): Ecosystem {
    const parsed = parseEcosystem(raw);
    expect(parsed.problems).toEqual([]);
    const last = new Map<string, EdgeRecord>();
    for (const edge of parsed.doc.edges) {
      last.delete(edgeIdentity(edge));
      last.set(edgeIdentity(edge), edge);
    }
    return { ...parsed.doc, edges: [...last.values()] };
  }

  async function compareStored(raw: Ecosystem): Promise<Set<EdgeType>> {
    const doc = asStored(raw);
    await resetGraph(db);
    await writeEcosystem(db, doc);
    const date = today();
    // The full re-audit's reading: the graph streamed into memory, its edges' facts from there.
    const inMemory = new Map<string, EdgeFacts>();
    for await (const chunk of factsOfEveryEdge(db)) {
      for (const facts of chunk) inMemory.set(storedEdgeId(facts.edge), facts);
    }
    const fromCypher = await db.readTransaction((tx) =>
      storedFacts(
        tx.run,
        { ...emptySelectors(), fromPartners: doc.partners.map((p) => p.id) },
        date,
      ),
    );
    const byId = new Map(fromCypher.map((facts) => [storedEdgeId(facts.edge), facts]));
    expect(byId.size).toBe(doc.edges.length);
    expect(inMemory.size).toBe(doc.edges.length);
    const types = new Set<EdgeType>();
    for (const edge of doc.edges) {
      const fromGraph = byId.get(storedEdgeId(edge));
      const fromDocument = inMemory.get(storedEdgeId(edge));
      expect({ edge: storedEdgeId(edge), facts: fromDocument }).toEqual({
        edge: storedEdgeId(edge),
        facts: fromGraph,
      });
      types.add(edge.type);
    }
    return types;
  }

  it("agree on every edge of a channel holding a breach of each stored rule", async () => {
    const channelTypes = await compareStored(channel());
    expect([...channelTypes].sort()).toEqual([...ALL_EDGE_TYPES].sort());
  });

  it("agree on every edge of the demo ecosystem", async () => {
    const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
    expect((await compareStored(demo)).size).toBe(ALL_EDGE_TYPES.length);
  });
});
