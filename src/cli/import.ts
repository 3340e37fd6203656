import "reflect-metadata";
import fs from "node:fs";
import { ConfigError } from "../config";
import { LocalNeo4jError } from "../db/local-neo4j";
import { importEcosystem } from "../services/import.service";
import type { ImportReport } from "../services/import.service";
import { openCliDatabase } from "./database";
import { readJsonFile } from "./json-file";
import { progressReporter } from "./progress";

const USAGE = "usage: npm run import -- FILE.json [--skip-invalid]";

function printReport(report: ImportReport, seconds: number): void {
  for (const problem of report.problems) console.error(`${problem.path}: ${problem.message}`);
  for (const { path, violations } of report.refused) {
    for (const violation of violations)
      console.error(`${path}: ${violation.rule}: ${violation.message}`);
  }
  const { partners, customers, tenants, edges } = report.written;
  const written = partners + customers + tenants + edges;
  const refusedRows =
    report.refused.length +
    new Set(report.problems.map((p) => /^[a-z]+\[\d+\]/.exec(p.path)?.[0] ?? p.path)).size;
  console.log(
    report.committed
      ? `Imported ${written} rows (${partners} partners, ${customers} customers, ${tenants} tenants, ${edges} edges) in ${seconds.toFixed(1)} s, ${Math.round(written / Math.max(seconds, 0.001))} rows/s; ${refusedRows} rows refused.`
      : `Nothing written: ${refusedRows} invalid rows (all or nothing; --skip-invalid writes the valid rows). Checked in ${seconds.toFixed(1)} s.`,
  );
  const rules = Object.entries(report.byRule).sort(([a], [b]) => a.localeCompare(b));
  if (rules.length > 0)
    console.log(`Refused by rule: ${rules.map(([rule, count]) => `${rule}=${count}`).join(", ")}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const skipInvalid = args.includes("--skip-invalid");
  const unknown = args.filter((arg) => arg.startsWith("--") && arg !== "--skip-invalid");
  const files = args.filter((arg) => !arg.startsWith("--"));
  if (unknown.length > 0 || files.length !== 1) {
    console.error(unknown.length > 0 ? `unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const file = files[0] ?? "";
  if (!fs.existsSync(file)) {
    console.error(`${file}: no such file`);
    return 2;
  }
  const database = await openCliDatabase((line) => console.error(line));
  try {
    const progress = progressReporter();
    const raw = await readJsonFile(file);
    const report = await importEcosystem(database.db, raw, {
      skipInvalid,
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
    printReport(report, progress.elapsedSeconds());
    return report.committed ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof LocalNeo4jError;
    console.error(known ? `import: ${(error as Error).message}` : error);
    process.exit(1);
  },
);
