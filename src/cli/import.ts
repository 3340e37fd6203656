import "reflect-metadata";
import fs from "node:fs";
import { importEcosystem } from "../services/import.service";
import type { ImportReport } from "../services/import.service";
import { runCommand } from "./command";
import { openCliDatabase } from "./database";
import { printRefusedByRule, printRefusedRows } from "./import-report";
import { readJsonFile } from "./json-file";
import { progressReporter } from "./progress";

const USAGE = "usage: npm run import -- FILE.json [--skip-invalid]";

function printReport(report: ImportReport, seconds: number): void {
  printRefusedRows(report);
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
  printRefusedByRule(report);
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

runCommand("import", main);
