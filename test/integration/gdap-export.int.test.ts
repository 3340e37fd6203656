import fs from "node:fs";
import path from "node:path";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import { ENTRA_ROLE_NAMES, addDays, daysBetween } from "../../src/domain";
import type { Ecosystem } from "../../src/domain";
import { importEcosystem } from "../../src/services/import.service";
import { buildDist, compiledCli, runCli, tempFolder } from "../support/cli";
import { resetGraph, testDb } from "../support/harness";

const CLI = compiledCli("export");
const workDir = tempFolder("gdap-export");
const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const today = (): string => new Date().toISOString().slice(0, 10);

describe("npm run export -- --gdap-expiring DAYS --csv FILE", () => {
  let db: Db;

  beforeAll(async () => {
    buildDist();
    db = testDb();
    await db.applySchema();
    await resetGraph(db);
    await importEcosystem(db, demo, { skipInvalid: false });
  });

  afterAll(async () => {
    await db.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("writes the ACTIVE relationships ending within the window, soonest first, roles by name", () => {
    const file = path.join(workDir, "expiring.csv");
    const run = runCli(CLI, ["--gdap-expiring", "730", "--csv", file]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "partner_id,partner,customer,tenant_domain,relationship_id,relationship,roles,ends_on,days_left,auto_extend",
    );
    // Worked out from the demo file: every ACTIVE DELEGATED_ADMIN ending between today and
    // today + 730, by end date.
    const partnerName = (id: string) => demo.partners.find((p) => p.id === id)?.name ?? "";
    const expected = demo.edges
      .filter(
        (edge) =>
          edge.type === "DELEGATED_ADMIN" &&
          edge.status === "ACTIVE" &&
          (edge.endsOn ?? "") >= today() &&
          (edge.endsOn ?? "") <= addDays(today(), 730),
      )
      .sort(
        (a, b) =>
          (a.endsOn ?? "").localeCompare(b.endsOn ?? "") ||
          (a.relationshipId ?? "").localeCompare(b.relationshipId ?? ""),
      )
      .map((edge) => {
        const tenant = demo.tenants.find((t) => t.id === edge.to);
        const owner = demo.customers.find((c) => c.id === tenant?.ownerId)?.name ?? "";
        const roles = (edge.roles ?? []).map((id) => ENTRA_ROLE_NAMES.get(id) ?? id).join("; ");
        const quote = (value: string) => (value.includes(",") ? `"${value}"` : value);
        return [
          edge.from,
          partnerName(edge.from),
          quote(owner),
          tenant?.domain,
          edge.relationshipId,
          quote(edge.displayName ?? ""),
          roles,
          edge.endsOn,
          daysBetween(today(), edge.endsOn ?? ""),
          edge.autoExtend === true ? "true" : "false",
        ].join(",");
      });
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(1)).toEqual(expected);
    expect(lines.join("\n")).toContain("Global Administrator; User Administrator");
  });

  it("refuses a window over 730 days and a missing file with a usage message", () => {
    const tooLong = runCli(CLI, ["--gdap-expiring", "731", "--csv", path.join(workDir, "x.csv")]);
    expect(tooLong.status).toBe(2);
    expect(tooLong.stderr).toContain("--gdap-expiring");
    const noFile = runCli(CLI, ["--gdap-expiring", "30"]);
    expect(noFile.status).toBe(2);
    expect(fs.existsSync(path.join(workDir, "x.csv"))).toBe(false);
  });
});
