import { readJsonFile } from "../src/cli/json-file";
import { Db } from "../src/db/database";
import { importEcosystem } from "../src/services/import.service";
import { requiredEnv } from "./servers/process";

/**
 * Imports one generated channel file into the database at NEO4J_URI, in a process of its own:
 * the parsed document of a million customers takes gigabytes of heap, which the benchmark gets
 * back when this process exits. Prints one `IMPORTED {json}` line with what it wrote.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) throw new Error("usage: import-channel FILE");
  const db = Db.connect({
    uri: requiredEnv("NEO4J_URI"),
    user: "neo4j",
    password: "",
    database: "neo4j",
  });
  try {
    await db.applySchema();
    const started = Date.now();
    const report = await importEcosystem(db, await readJsonFile(file), { skipInvalid: false });
    if (!report.committed) {
      throw new Error(`the generated channel was refused: ${JSON.stringify(report.byRule)}`);
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`IMPORTED ${JSON.stringify({ ...report.written, seconds })}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
