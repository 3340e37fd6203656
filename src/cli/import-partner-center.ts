import "reflect-metadata";
import fs from "node:fs";
import { isCountryCode } from "../countries";
import { Cloud, PartnerRole } from "../domain";
import { fetchExport, FetchError, liveSettings } from "../import/partner-center/fetch";
import { importKnowsGdap, mapExport } from "../import/partner-center/map";
import type { MapOptions, MappedExport, Overrides } from "../import/partner-center/map";
import type { PageProblem, SavedExport } from "../import/partner-center/pages";
import { readExportFolder } from "../import/partner-center/source";
import { importEcosystem } from "../services/import.service";
import type { ImportReport } from "../services/import.service";
import { runCommand } from "./command";
import { openCliDatabase } from "./database";
import { printRefusedByRule, printRefusedRows } from "./import-report";
import { progressReporter } from "./progress";

const USAGE = `usage: npm run import:partner-center -- DIR [--skip-invalid] [--emit FILE.json]
         [--cloud PUBLIC|US_GOV|CHINA] [--markets US,CA] [--role DIRECT_BILL|INDIRECT_PROVIDER|INDIRECT_RESELLER]
         [--overrides FILE.json] [--gdap auto|include|omit]
       npm run import:partner-center -- --from-api [--save DIR] [same options]
         (PARTNER_CENTER_TOKEN, GRAPH_TOKEN; PARTNER_CENTER_BASE_URL, GRAPH_BASE_URL)`;

interface Args {
  dir?: string;
  fromApi: boolean;
  save?: string;
  skipInvalid: boolean;
  emit?: string;
  cloud: Cloud;
  markets?: string[];
  role?: PartnerRole;
  overrides?: string;
  gdap: "auto" | "include" | "omit";
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { fromApi: false, skipInvalid: false, cloud: Cloud.PUBLIC, gdap: "auto" };
  const value = (k: number, flag: string): string => {
    const next = argv[k + 1];
    if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] ?? "";
    switch (arg) {
      case "--skip-invalid":
        args.skipInvalid = true;
        break;
      case "--from-api":
        args.fromApi = true;
        break;
      case "--emit":
        args.emit = value(k++, arg);
        break;
      case "--save":
        args.save = value(k++, arg);
        break;
      case "--overrides":
        args.overrides = value(k++, arg);
        break;
      case "--cloud": {
        const cloud = value(k++, arg);
        const known = Object.values(Cloud).find((candidate) => candidate === cloud);
        if (known === undefined)
          throw new UsageError(`--cloud ${cloud}: not one of PUBLIC, US_GOV, CHINA`);
        args.cloud = known;
        break;
      }
      case "--role": {
        const role = value(k++, arg);
        const known = Object.values(PartnerRole).find((candidate) => candidate === role);
        if (known === undefined) throw new UsageError(`--role ${role}: not a partner role`);
        args.role = known;
        break;
      }
      case "--markets": {
        const markets = value(k++, arg)
          .split(",")
          .map((code) => code.trim().toUpperCase());
        const bad = markets.find((code) => !isCountryCode(code));
        if (bad !== undefined) throw new UsageError(`--markets: ${bad} is not a country code`);
        args.markets = markets;
        break;
      }
      case "--gdap": {
        const mode = value(k++, arg);
        if (mode !== "auto" && mode !== "include" && mode !== "omit")
          throw new UsageError(`--gdap ${mode}: auto, include or omit`);
        args.gdap = mode;
        break;
      }
      default:
        if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
        if (args.dir !== undefined) throw new UsageError("one export folder at a time");
        args.dir = arg;
    }
  }
  if (args.fromApi === (args.dir !== undefined))
    throw new UsageError("give an export folder, or --from-api");
  return args;
}

function readOverrides(file: string | undefined): Overrides | undefined {
  if (file === undefined) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Overrides;
  } catch (error) {
    throw new UsageError(`--overrides ${file}: ${(error as Error).message}`);
  }
}

function printProblems(problems: PageProblem[]): void {
  for (const { source, position, message } of problems)
    console.error(`${source}${position === "" ? "" : ` ${position}`}: ${message}`);
}

function printMapping(mapped: MappedExport): void {
  console.log("Read:");
  for (const row of mapped.read) {
    const total = row.totalCount === undefined ? "" : ` (totalCount ${row.totalCount})`;
    console.log(`  ${row.source}: ${row.resource}, ${row.items} items${total}`);
  }
  const { partners, customers, tenants, edges } = mapped.document;
  const byType: Record<string, number> = {};
  for (const edge of edges) byType[edge.type] = (byType[edge.type] ?? 0) + 1;
  console.log(
    `Mapped: ${partners.length} partners, ${customers.length} customers, ${tenants.length} tenants, ${edges.length} edges (${Object.entries(
      byType,
    )
      .map(([type, count]) => `${type}=${count}`)
      .join(", ")})`,
  );
  for (const [title, counts] of [
    ["Skipped", mapped.skipped],
    ["Assumed", mapped.assumed],
  ] as const) {
    const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
    if (rows.length === 0) continue;
    console.log(`${title}:`);
    for (const [reason, count] of rows) console.log(`  ${count} × ${reason}`);
  }
}

/** The import's report, each row named by its place in the document and in the export. */
function printImport(report: ImportReport, mapped: MappedExport): void {
  const originOf = (path: string): string => {
    const match = /^([a-z]+)\[(\d+)\]/.exec(path);
    const section = match?.[1] as keyof MappedExport["origins"] | undefined;
    const origin =
      section === undefined ? undefined : mapped.origins[section]?.[Number(match?.[2])];
    return origin === undefined ? path : `${path} (${origin})`;
  };
  printRefusedRows(report, originOf);
  const { partners, customers, tenants, edges } = report.written;
  console.log(
    report.committed
      ? `Imported ${partners} partners, ${customers} customers, ${tenants} tenants, ${edges} edges; ${report.refused.length} edges refused.`
      : `Nothing written: ${report.refused.length + report.problems.length} invalid rows (all or nothing; --skip-invalid writes the valid rows).`,
  );
  printRefusedByRule(report);
}

async function loadExport(args: Args): Promise<{ saved: SavedExport; problems: PageProblem[] }> {
  if (args.dir !== undefined) {
    if (!fs.existsSync(args.dir) || !fs.statSync(args.dir).isDirectory())
      throw new UsageError(`${args.dir}: no such folder`);
    return readExportFolder(args.dir);
  }
  const saved = await fetchExport(liveSettings(process.env), {
    onProgress: (line) => process.stderr.write(`${line}\n`),
    saveTo: args.save,
  });
  return { saved, problems: [] };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const overrides = readOverrides(args.overrides);
  const { saved, problems } = await loadExport(args);
  const includeGdap = args.gdap === "include" || (args.gdap === "auto" && importKnowsGdap());
  const options: MapOptions = {
    cloud: args.cloud,
    markets: args.markets,
    role: args.role,
    overrides,
    includeGdap,
  };
  const first = mapExport(saved, options);
  const allProblems = [...problems, ...first.problems];
  if (allProblems.length > 0) {
    printProblems(allProblems);
    console.log(`Nothing written: ${allProblems.length} malformed pages or items.`);
    return 1;
  }
  if (args.emit !== undefined) {
    fs.writeFileSync(args.emit, `${JSON.stringify(first.document, null, 2)}\n`);
    printMapping(first);
    console.log(`Wrote ${args.emit}.`);
    return 0;
  }
  const database = await openCliDatabase((line) => console.error(line));
  try {
    const others = first.document.partners
      .map((partner) => partner.id)
      .filter((id) => id !== first.self?.id);
    const known = new Set(
      (await database.db.read("existingIds", { ids: others }))
        .filter((row) => row.kind === "Partner")
        .map((row) => row.id),
    );
    const mapped =
      known.size === 0 ? first : mapExport(saved, { ...options, knownPartners: known });
    printMapping(mapped);
    const progress = progressReporter();
    const report = await importEcosystem(database.db, mapped.document, {
      skipInvalid: args.skipInvalid,
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
    printImport(report, mapped);
    return report.committed ? 0 : 1;
  } finally {
    await database.close();
  }
}

runCommand("import:partner-center", main, {
  known: [FetchError],
  usage: { error: UsageError, text: USAGE },
});
