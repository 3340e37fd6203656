import "reflect-metadata";
import { ConfigError } from "../config";
import { LocalNeo4jError } from "../db/local-neo4j";
import { ReauditMemoryError, rebuildFindings, storedVersusJudged } from "../services/audit.service";
import { openCliDatabase } from "./database";
import { progressReporter } from "./progress";

const USAGE = "usage: npm run audit [-- --check]";

/**
 * `npm run audit`: judges every stored edge again and replaces the stored findings in one swap
 * (src/services/audit.service.ts), with a progress bar on a terminal and plain lines otherwise.
 * `--check` writes nothing: it compares the stored findings with a full re-audit and exits 1
 * when they differ.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length > 1 || (args.length === 1 && args[0] !== "--check")) {
    console.error(USAGE);
    return 2;
  }
  const database = await openCliDatabase((line) => console.error(line));
  try {
    if (args[0] === "--check") {
      const { missing, unexpected } = await storedVersusJudged(database.db);
      for (const row of missing)
        console.error(`not stored: ${row.rule} ${row.edgeId}: ${row.message}`);
      for (const row of unexpected)
        console.error(`stale: ${row.rule} ${row.edgeId}: ${row.message}`);
      console.log(
        missing.length + unexpected.length === 0
          ? "The stored findings equal a full re-audit's."
          : `${missing.length} findings not stored, ${unexpected.length} stored findings stale: run npm run audit.`,
      );
      return missing.length + unexpected.length === 0 ? 0 : 1;
    }
    const progress = progressReporter();
    const report = await rebuildFindings(database.db, (done, total) =>
      progress.update("auditing", done, total),
    );
    const rate = Math.round(report.edges / Math.max(report.seconds, 0.001));
    console.log(
      `Re-audited ${report.edges} edges in ${report.seconds.toFixed(1)} s, ${rate} edges/s: ` +
        `${report.findings} findings stored` +
        (report.swapped ? "." : ", but a later re-audit took over and its findings are current."),
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof ConfigError ||
      error instanceof LocalNeo4jError ||
      error instanceof ReauditMemoryError;
    console.error(known ? `audit: ${(error as Error).message}` : error);
    process.exit(1);
  },
);
