import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { countFindings } from "../../src/services/audit.service";
import { exportEcosystem } from "../../src/services/export.service";
import type { EcosystemSink } from "../../src/services/export.service";
import { importEcosystem } from "../../src/services/import.service";
import { resetGraph, testDb } from "../support/harness";

const demo = (): Ecosystem => JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantOf = (doc: Ecosystem, domain: string): string =>
  doc.tenants.find((t) => t.domain === domain)?.id ?? "";

/** Exports into memory; rows sorted so two graphs compare equal whatever the traversal order. */
async function canonicalDump(db: Db): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  let current: string[] = [];
  const sink: EcosystemSink = {
    startArray: async (name) => {
      current = [];
      dump[name] = current;
    },
    row: async (value) => {
      const sorted = Object.fromEntries(
        Object.entries(value).sort(([a], [b]) => a.localeCompare(b)),
      );
      current.push(JSON.stringify(sorted));
    },
    end: async () => undefined,
  };
  await exportEcosystem(db, sink);
  for (const rows of Object.values(dump)) rows.sort();
  return dump;
}

/** The demo's edges: 41 sales edges and 7 GDAP relationships. */
const DEMO_EDGES = 48;

/** The demo's ACTIVE GDAP relationships whose endsOn has passed: GDAP_EXPIRED's audit findings. */
const expiredButActive = (doc: Ecosystem): number =>
  doc.edges.filter(
    (edge) =>
      edge.type === "DELEGATED_ADMIN" &&
      edge.status === "ACTIVE" &&
      edge.endsOn !== undefined &&
      edge.endsOn < new Date().toISOString().slice(0, 10),
  ).length;

async function counts(db: Db): Promise<{ nodes: number; edges: number }> {
  const dump = await canonicalDump(db);
  const nodes =
    (dump.partners?.length ?? 0) + (dump.customers?.length ?? 0) + (dump.tenants?.length ?? 0);
  return { nodes, edges: dump.edges?.length ?? 0 };
}

describe("import and export", () => {
  let db: Db;

  beforeAll(async () => {
    db = testDb();
    await db.applySchema();
  });

  beforeEach(async () => {
    await resetGraph(db);
  });

  afterAll(async () => {
    await db.close();
  });

  it("imports the demo ecosystem whole, with nothing refused and only stale GDAP for the audit", async () => {
    const report = await importEcosystem(db, demo(), { skipInvalid: false });
    expect(report).toMatchObject({ committed: true, problems: [], refused: [] });
    expect(report.written).toEqual({ partners: 11, customers: 8, tenants: 22, edges: DEMO_EDGES });
    // GDAP_EXPIRED never refuses a write: an ACTIVE relationship past its endsOn is imported
    // and reported (at least the one that ended 2026-08-31).
    expect(expiredButActive(demo())).toBeGreaterThanOrEqual(1);
    expect(await countFindings(db)).toBe(expiredButActive(demo()));
  });

  it("writes nothing when one row breaks a rule, and names the row and the rule", async () => {
    const doc = demo();
    doc.edges.push({
      type: "RESELLS_FOR",
      from: "P-300",
      to: tenantOf(doc, "contoso-csp.onmicrosoft.com"),
    } as Ecosystem["edges"][number]);
    const report = await importEcosystem(db, doc, { skipInvalid: false });
    expect(report.committed).toBe(false);
    expect(report.refused).toEqual([
      {
        path: `edges[${DEMO_EDGES}]`,
        violations: [expect.objectContaining({ rule: "NO_PARTNER_RESALE" })],
      },
    ]);
    expect(await counts(db)).toEqual({ nodes: 0, edges: 0 });
  });

  it("writes only the valid rows with skipInvalid, and reports the rest", async () => {
    const doc = demo();
    const fabrikamDev = tenantOf(doc, "fabrikamdev.onmicrosoft.com");
    // A reseller edge without its provider (a rule), and a malformed row (the document check).
    doc.edges.splice(3, 0, {
      type: "RESELLS_FOR",
      from: "P-200",
      to: fabrikamDev,
    } as Ecosystem["edges"][number]);
    (doc.edges as unknown[]).push({ type: "SUPPLIES", from: "P-100", to: "P-230", colour: "blue" });
    const report = await importEcosystem(db, doc, { skipInvalid: true });
    expect(report.committed).toBe(true);
    expect(
      report.refused.map(
        (refusal) => `${refusal.path} ${refusal.violations.map((v) => v.rule).join()}`,
      ),
    ).toEqual(["edges[3] RESELLER_NEEDS_PROVIDER"]);
    expect(report.problems.map((problem) => problem.path)).toEqual([
      `edges[${DEMO_EDGES + 1}].colour`,
    ]);
    expect(report.written.edges).toBe(DEMO_EDGES);
    expect(await counts(db)).toEqual({ nodes: 41, edges: DEMO_EDGES });
  });

  it("converges when run twice: no duplicates, nothing refused the second time", async () => {
    await importEcosystem(db, demo(), { skipInvalid: false });
    const again = await importEcosystem(db, demo(), { skipInvalid: false });
    expect(again).toMatchObject({ committed: true, refused: [], problems: [] });
    expect(await counts(db)).toEqual({ nodes: 41, edges: DEMO_EDGES });
  });

  it("refuses a repeat of the same edge inside one document as DUPLICATE", async () => {
    const doc = demo();
    const repeat = doc.edges[0];
    if (repeat === undefined) throw new Error("demo has no edges");
    doc.edges.push({ ...repeat });
    const report = await importEcosystem(db, doc, { skipInvalid: false });
    expect(report.refused).toEqual([
      {
        path: `edges[${DEMO_EDGES}]`,
        violations: [expect.objectContaining({ rule: "DUPLICATE" })],
      },
    ]);
  });

  it("round-trips: export, then import into an empty database, gives the same graph", async () => {
    await importEcosystem(db, demo(), { skipInvalid: false });
    const before = await canonicalDump(db);
    const file = path.join(os.tmpdir(), `csp-graph-export-${process.pid}.json`);
    const { jsonFileSink } = await import("../../src/cli/json-file");
    await exportEcosystem(db, jsonFileSink(file));
    await resetGraph(db);
    const report = await importEcosystem(db, JSON.parse(fs.readFileSync(file, "utf8")), {
      skipInvalid: false,
    });
    fs.rmSync(file);
    expect(report).toMatchObject({ committed: true, refused: [], problems: [] });
    expect(await canonicalDump(db)).toEqual(before);
    expect(before.edges).toHaveLength(DEMO_EDGES);
    // The GDAP relationships come back with every property (roles as a list, autoExtend).
    const gdap = (before.edges ?? []).filter((row) => row.includes('"DELEGATED_ADMIN"'));
    expect(gdap).toHaveLength(7);
    expect(gdap.map((row) => JSON.parse(row) as Record<string, unknown>)).toContainEqual({
      type: "DELEGATED_ADMIN",
      from: "P-200",
      to: tenantOf(demo(), "treyresearch.onmicrosoft.com"),
      relationshipId: "d9e4c3f5-6071-4283-9d94-0e5f2a3b4c04",
      displayName: "Northwind - Trey Research users",
      status: "ACTIVE",
      roles: ["fe930be7-5e62-47db-91af-98c3a49a38b1", "729827e3-9c14-49f7-bb1b-9608f156bbb8"],
      since: "2026-03-01",
      endsOn: "2027-02-28",
      autoExtend: true,
      via: "P-120",
    });
  });
});
