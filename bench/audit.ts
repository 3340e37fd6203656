import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import jwt from "jsonwebtoken";
import neo4j from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import { Db, connectivityLog } from "../src/db/database";
import { EdgeType, TenantPurpose } from "../src/domain";
import type { PartnerRecord, TenantRecord } from "../src/domain";
import { rebuildFindings } from "../src/services/audit.service";
import { removeEdge } from "../src/services/edge.service";
import { upsertPartner, upsertTenant } from "../src/services/node.service";
import { killAllChildren, startServer } from "./children";
import type { ServerChild } from "./children";
import { OURS_JWT_SECRET } from "./operations";
import { openChannel, serverEnv as oursEnv } from "./run";
import { recordRun } from "./spawned-server";
import { median, ratio } from "./stats";
import { readFlags, scratchDir } from "./support";

/**
 * `npm run bench:audit`: the audit at channel scale (issue 16). Per size: generates and imports
 * a channel (or reuses it with --cache), breaks some of it after the import (removes SUPPLIES of
 * busy resellers, flips mpaSigned, makes corporate tenants CSP), times the full re-audit, starts
 * two servers over the same database, one keeping the findings current and one with
 * FINDINGS_MAINTENANCE=false, and measures policyAudit and the writes on both, interleaved.
 */

const TITLE = "Audit at channel scale (`npm run bench:audit`)";
const METHOD = `Per size: a generated channel imported into a local Neo4j (reused with --cache),
broken after the import through the services (the SUPPLIES of the three busiest resellers
removed, five resellers' mpaSigned set false, five corporate tenants made CSP), then the full
re-audit (\`npm run audit\`'s rebuildFindings) in the benchmark's process, then two production
servers over the same database, with and without findings maintenance (FINDINGS_MAINTENANCE),
driven one request at a time over loopback, their requests interleaved. createEdge writes a new
PROVISIONS each time, removeEdge removes it again, upsertPartner flips a mid-sized reseller's
mpaSigned. One line per run, newest last.`;

const log = (line: string): void =>
  console.log(`[bench:audit ${new Date().toISOString().slice(11, 19)}] ${line}`);

const token = jwt.sign({ sub: "bench-audit", role: "ADMIN" }, OURS_JWT_SECRET, {
  expiresIn: "12h",
});

interface Answer {
  ms: number;
  ok: boolean;
}

async function gql(url: string, query: string, variables: object = {}): Promise<Answer> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (body.errors !== undefined) log(`  ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { ms, ok: response.ok && body.errors === undefined };
}

const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const UPSERT = `mutation($input: PartnerInput!) { upsertPartner(input: $input) { id } }`;
const FIRST_PAGE = `{ policyAudit(first: 20) { edges { cursor node { rule message edge { type from to } } } } }`;
const TOTAL = `{ policyAudit(first: 1) { totalCount } }`;
/** Removals and re-additions of the SUPPLIES with about 1,000 dependent edges. */
const HEAVY_ROUNDS = 5;

async function rows(driver: Driver, cypher: string): Promise<Record<string, unknown>[]> {
  const result = await driver.executeQuery(cypher, {}, { database: "neo4j" });
  return result.records.map((record) => record.toObject());
}

const str = (value: unknown): string => String(value);

/** What the run breaks and measures on, picked from the imported graph. */
interface Targets {
  /** Provider → reseller pairs by how many of the reseller's edges name the provider in via. */
  busy: { provider: string; reseller: string; through: number }[];
  resellers: PartnerRecord[];
  corporateTenants: TenantRecord[];
  /** A partner that may provision into a tenant it ACTIVE-resells to (createEdge). */
  provision: { from: string; to: string };
  /** A reseller with a mid-sized book (upsertPartner). */
  flipped: PartnerRecord;
}

async function pickTargets(driver: Driver): Promise<Targets> {
  const busy = (
    await rows(
      driver,
      `MATCH (prov:Partner)-[:SUPPLIES {state: 'ACTIVE'}]->(res:Partner)
       CALL (prov, res) { MATCH (res)-[e]->() WHERE e.via = prov.id RETURN count(e) AS through }
       RETURN prov.id AS provider, res.id AS reseller, through ORDER BY through DESC LIMIT 200`,
    )
  ).map((row) => ({
    provider: str(row.provider),
    reseller: str(row.reseller),
    through: Number(row.through),
  }));
  const partner = (row: Record<string, unknown>): PartnerRecord => row.p as PartnerRecord;
  const resellers = (
    await rows(
      driver,
      `MATCH (p:Partner {role: 'INDIRECT_RESELLER', mpaSigned: true})<-[:SUPPLIES {state: 'ACTIVE'}]-()
       RETURN DISTINCT p {.*} AS p ORDER BY p.id LIMIT 5`,
    )
  ).map(partner);
  const corporateTenants = (
    await rows(
      driver,
      `MATCH (owner:Partner)-[:OWNS]->(t:Tenant {purpose: 'CORPORATE'})<-[:RESELLS_FOR]-()
       WHERE NOT EXISTS { (owner)-[:OWNS]->(:Tenant {purpose: 'CSP'}) }
       RETURN DISTINCT t {.*, ownerId: owner.id} AS t ORDER BY t.id LIMIT 5`,
    )
  ).map((row) => row.t as TenantRecord);
  const [provision] = await rows(
    driver,
    `MATCH (p:Partner)-[r:RESELLS_FOR {state: 'ACTIVE'}]->(t:Tenant)
     WHERE p.role IN ['INDIRECT_PROVIDER', 'DIRECT_BILL'] AND r.via IS NULL
       AND EXISTS { (p)-[:PROVISIONS]->(t) }
     RETURN p.id AS from, t.id AS to LIMIT 1`,
  );
  const [flipped] = await rows(
    driver,
    `MATCH (p:Partner {role: 'INDIRECT_RESELLER', mpaSigned: true})
     WITH p, COUNT { (p)-[]->() } AS book WHERE book >= 20 AND book <= 200
     RETURN p {.*} AS p ORDER BY p.id LIMIT 1`,
  );
  if (provision === undefined || flipped === undefined) {
    throw new Error("the graph has no partner to provision with or reseller to flip");
  }
  return {
    busy,
    resellers,
    corporateTenants,
    provision: { from: str(provision.from), to: str(provision.to) },
    flipped: partner(flipped),
  };
}

/** Breaks part of the channel through the services, so the findings of the breaks are stored. */
async function breakChannel(db: Db, targets: Targets, spared: string): Promise<void> {
  for (const pair of targets.busy.filter((p) => p.reseller !== spared).slice(0, 3)) {
    await removeEdge(db, { type: EdgeType.SUPPLIES, from: pair.provider, to: pair.reseller });
  }
  for (const reseller of targets.resellers) {
    await upsertPartner(db, { ...reseller, mpaSigned: false });
  }
  for (const tenant of targets.corporateTenants) {
    await upsertTenant(db, { ...tenant, purpose: TenantPurpose.CSP });
  }
}

/** Our production server as bench/run.ts starts it, with findings maintenance on or off. */
function serverEnv(uri: string, maintain: boolean): Record<string, string> {
  return { ...oursEnv("ours", uri), FINDINGS_MAINTENANCE: String(maintain) };
}

type WriteName = "createEdge" | "removeEdge" | "upsertPartner";

interface SizeResult {
  customers: number;
  edges: number;
  findings: number;
  reauditSeconds: number;
  firstPageMs: number;
  totalCountMs: number;
  writes: Record<WriteName, { with: number; without: number }>;
  /** p50s of `rounds` removals and re-additions of one SUPPLIES, each after the other. */
  heavyRemove: { dependents: number; removeMs: number; readdMs: number; rounds: number };
}

interface AuditBenchSettings {
  cache: string | null;
  seed: number;
  samples: number;
  heapMb: number;
  pagecacheMb: number;
}

async function measureSize(
  customers: number,
  settings: AuditBenchSettings,
  work: string,
): Promise<SizeResult> {
  const channel = await openChannel(
    {
      cache: settings.cache,
      seed: settings.seed,
      heapMb: settings.heapMb,
      pagecacheMb: settings.pagecacheMb,
      importTimeoutMinutes: 120,
    },
    work,
    customers,
    undefined,
  );
  const uri = channel.local.uri;
  const driver = neo4j.driver(uri);
  const db = Db.connect({
    uri,
    user: "neo4j",
    password: "",
    database: "neo4j",
    ...connectivityLog(log),
  });
  const servers: ServerChild[] = [];
  try {
    await db.applySchema(log);
    log(`${customers} customers: ${channel.rows}`);
    const targets = await pickTargets(driver);
    // The pair whose removal re-judges closest to 1,000 edges, kept whole for its own figure.
    const heavy = [...targets.busy].sort(
      (a, b) => Math.abs(a.through - 1000) - Math.abs(b.through - 1000),
    )[0];
    if (heavy === undefined) throw new Error("no SUPPLIES with dependent edges");
    await rebuildFindings(db);
    await breakChannel(db, targets, heavy.reseller);
    log("Broke SUPPLIES of busy resellers, mpaSigned and corporate tenants; re-auditing");
    const report = await rebuildFindings(db);
    log(
      `Re-audit: ${report.edges} edges in ${report.seconds.toFixed(1)} s (${Math.round(report.edges / report.seconds)} edges/s), ${report.findings} findings`,
    );

    const withMaintenance = await startServer(
      "ours",
      path.join(__dirname, "servers", "ours.js"),
      serverEnv(uri, true),
      path.join(work, `ours-${customers}.log`),
    );
    servers.push(withMaintenance);
    const without = await startServer(
      "ours without maintenance",
      path.join(__dirname, "servers", "ours.js"),
      serverEnv(uri, false),
      path.join(work, `ours-bare-${customers}.log`),
    );
    servers.push(without);

    const samples = settings.samples;
    const timed = async (n: number, ask: (i: number) => Promise<Answer>): Promise<number> => {
      for (let i = 0; i < 5; i += 1) await ask(-1 - i);
      const times: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const answer = await ask(i);
        if (answer.ok) times.push(answer.ms);
      }
      return median(times);
    };
    const firstPageMs = await timed(samples, () => gql(withMaintenance.url, FIRST_PAGE));
    const totalCountMs = await timed(samples, () => gql(withMaintenance.url, TOTAL));
    log(
      `policyAudit first page p50 ${firstPageMs.toFixed(1)} ms, totalCount p50 ${totalCountMs.toFixed(1)} ms`,
    );

    const provision = (server: string, i: number) => ({
      type: "PROVISIONS",
      from: targets.provision.from,
      to: targets.provision.to,
      subscriptionId: `bench-audit-${server}-${i}`,
      workload: "AZURE",
      billing: "USAGE",
    });
    const writes: Record<WriteName, { with: number[]; without: number[] }> = {
      createEdge: { with: [], without: [] },
      removeEdge: { with: [], without: [] },
      upsertPartner: { with: [], without: [] },
    };
    const both = [
      { key: "with" as const, server: withMaintenance },
      { key: "without" as const, server: without },
    ];
    for (let i = -5; i < samples; i += 1) {
      for (const { key, server } of both) {
        const input = provision(key, i);
        const create = await gql(server.url, CREATE, { input });
        const { type, from, to, subscriptionId } = input;
        const remove = await gql(server.url, REMOVE, {
          input: { type, from, to, subscriptionId },
        });
        const upsert = await gql(server.url, UPSERT, {
          input: { ...targets.flipped, mpaSigned: i % 2 === 0 },
        });
        if (i < 0) continue;
        if (create.ok) writes.createEdge[key].push(create.ms);
        if (remove.ok) writes.removeEdge[key].push(remove.ms);
        if (upsert.ok) writes.upsertPartner[key].push(upsert.ms);
      }
    }
    // Back to where it was, and the findings with it.
    await gql(withMaintenance.url, UPSERT, { input: targets.flipped });

    const supplies = { type: "SUPPLIES", from: heavy.provider, to: heavy.reseller };
    const removals: number[] = [];
    const readds: number[] = [];
    for (let round = 0; round < HEAVY_ROUNDS; round += 1) {
      const removed = await gql(withMaintenance.url, REMOVE, { input: supplies });
      const readded = await gql(withMaintenance.url, CREATE, {
        input: { ...supplies, state: "ACTIVE" },
      });
      if (!removed.ok || !readded.ok) throw new Error(`the heavy SUPPLIES round ${round} failed`);
      removals.push(removed.ms);
      readds.push(readded.ms);
    }
    const rounds = (values: number[]): string => values.map((ms) => ms.toFixed(0)).join(", ");
    log(
      `removeEdge of ${heavy.provider} -> ${heavy.reseller} (${heavy.through} dependent edges), ${HEAVY_ROUNDS} rounds: ${rounds(removals)} ms, re-adding it ${rounds(readds)} ms`,
    );
    const p50 = (name: WriteName) => ({
      with: median(writes[name].with),
      without: median(writes[name].without),
    });
    return {
      customers,
      edges: report.edges,
      findings: report.findings,
      reauditSeconds: report.seconds,
      firstPageMs,
      totalCountMs,
      writes: {
        createEdge: p50("createEdge"),
        removeEdge: p50("removeEdge"),
        upsertPartner: p50("upsertPartner"),
      },
      heavyRemove: {
        dependents: heavy.through,
        removeMs: median(removals),
        readdMs: median(readds),
        rounds: HEAVY_ROUNDS,
      },
    };
  } finally {
    for (const server of servers) await server.stop();
    await db.close();
    await driver.close();
    await channel.local.stop();
  }
}

function describe(result: SizeResult): string {
  const w = result.writes;
  const pair = (name: WriteName): string =>
    `${name} ${w[name].with.toFixed(1)} / ${w[name].without.toFixed(1)} ms (${ratio(w[name].with, w[name].without).toFixed(2)}x)`;
  return (
    `${result.customers.toLocaleString("en-US")} customers (${result.edges.toLocaleString("en-US")} edges, ${result.findings} findings): ` +
    `re-audit ${result.reauditSeconds.toFixed(1)} s (${Math.round(result.edges / result.reauditSeconds).toLocaleString("en-US")} edges/s); ` +
    `policyAudit first page p50 ${result.firstPageMs.toFixed(1)} ms, totalCount p50 ${result.totalCountMs.toFixed(1)} ms; ` +
    `p50 with / without maintenance: ${pair("createEdge")}, ${pair("removeEdge")}, ${pair("upsertPartner")}; ` +
    `removeEdge of a SUPPLIES with ${result.heavyRemove.dependents} dependent edges p50 ${result.heavyRemove.removeMs.toFixed(0)} ms (re-adding it ${result.heavyRemove.readdMs.toFixed(0)} ms; ${result.heavyRemove.rounds} rounds)`
  );
}

async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), {
    customers: "100000,1000000",
    cache: "",
    seed: "1",
    samples: "100",
    record: "true",
    // Neo4j's heap and page cache (MiB): a 1,000,000-customer store is about 4 GiB on disk.
    heap: "2048",
    pagecache: "2048",
  });
  const sizes = flags.customers
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const settings: AuditBenchSettings = {
    cache: flags.cache === "" ? null : path.resolve(flags.cache),
    seed: Number(flags.seed),
    samples: Number(flags.samples),
    heapMb: Number(flags.heap),
    pagecacheMb: Number(flags.pagecache),
  };
  const work = scratchDir("bench-audit");
  const results: SizeResult[] = [];
  try {
    for (const customers of sizes) {
      const result = await measureSize(customers, settings, work);
      results.push(result);
      console.log(describe(result));
    }
  } finally {
    if (settings.cache === null) fs.rmSync(work, { recursive: true, force: true });
  }
  const figures = results.map(describe).join("; ");
  if (flags.record !== "false") {
    const command = `npm run bench:audit -- --customers ${flags.customers} --heap ${flags.heap} --pagecache ${flags.pagecache}`;
    recordRun(command, figures, TITLE, METHOD);
  }
  console.log(figures);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
