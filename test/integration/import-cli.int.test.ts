import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { countFindings } from "../../src/services/audit.service";
import { importEcosystem } from "../../src/services/import.service";
import { buildDist, compiledCli, runCli, tempFolder } from "../support/cli";
import { generatedChannel } from "../support/generated";
import { resetGraph, testDb } from "../support/harness";

const CLI = compiledCli("import");
const workDir = tempFolder("import");

function writeDoc(name: string, content: string | Ecosystem): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("the import command", () => {
  let db: Db;

  beforeAll(async () => {
    // The command runs compiled, as `npm run import` runs it.
    buildDist();
    db = testDb();
    await db.applySchema();
  });

  beforeEach(async () => {
    await resetGraph(db);
  });

  afterAll(async () => {
    await db.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const counts = async () => (await db.read("graphCounts", {}))[0];

  it("prints each bad row with its array, index and rule, exits non-zero and writes nothing", async () => {
    const doc = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
    const contosoCsp =
      doc.tenants.find((t) => t.domain === "contoso-csp.onmicrosoft.com")?.id ?? "";
    doc.edges.push({
      type: "RESELLS_FOR",
      from: "P-300",
      to: contosoCsp,
    } as Ecosystem["edges"][number]);
    (doc.partners[0] as unknown as Record<string, unknown>).country = "XX";
    const result = runCli(CLI, [writeDoc("bad.json", doc)]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("partners[0].country: ");
    // The added edge is the last row of the document.
    expect(result.stderr).toMatch(
      new RegExp(`^edges\\[${doc.edges.length - 1}\\]: NO_PARTNER_RESALE: `, "m"),
    );
    expect(result.stdout).toContain("Nothing written");
    expect(await counts()).toEqual({ nodes: 0, owns: 0, policyEdges: 0 });
  });

  it("with --skip-invalid writes the valid rows of a generated channel and reports the broken ones by rule", async () => {
    const valid = generatedChannel(300, 11);
    const broken = generatedChannel(300, 11, 0.05);
    const result = runCli(CLI, [writeDoc("broken.json", broken.text), "--skip-invalid"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Refused by rule: .*NO_PARTNER_RESALE=\d+/);
    expect(await counts()).toMatchObject({ policyEdges: valid.doc.edges.length });
    expect(await countFindings(db)).toBe(0);
  });

  it("imports a generated channel that passes the audit with zero violations", async () => {
    const { doc } = generatedChannel(500, 3);
    const report = await importEcosystem(db, doc, { skipInvalid: false });
    expect(report).toMatchObject({ committed: true, problems: [], refused: [] });
    expect(await countFindings(db)).toBe(0);
    expect(await counts()).toEqual({
      nodes: doc.partners.length + doc.customers.length + doc.tenants.length,
      owns: doc.tenants.length,
      policyEdges: doc.edges.length,
    });
  });

  it("leaves no broken edge when killed midway, and a rerun converges to the whole graph", async () => {
    const { text, doc } = generatedChannel(2_500, 5);
    const file = writeDoc("big.json", text);
    const child = spawn(process.execPath, [CLI, file], { env: process.env, stdio: "ignore" });
    let killedAt = -1;
    for (let polls = 0; polls < 1_200 && killedAt < 0; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const written = (await counts())?.policyEdges ?? 0;
      if (written > 0) {
        child.kill("SIGKILL");
        killedAt = written;
      }
    }
    await new Promise((resolve) => child.once("exit", resolve));
    expect(killedAt).toBeGreaterThan(0);
    const partial = (await counts())?.policyEdges ?? 0;
    expect(partial).toBeLessThan(doc.edges.length);
    expect(await countFindings(db)).toBe(0);

    const rerun = runCli(CLI, [file]);
    expect(rerun.status).toBe(0);
    expect(await counts()).toEqual({
      nodes: doc.partners.length + doc.customers.length + doc.tenants.length,
      owns: doc.tenants.length,
      policyEdges: doc.edges.length,
    });
    expect(await countFindings(db)).toBe(0);
  });
});
