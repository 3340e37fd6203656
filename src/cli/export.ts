import "reflect-metadata";
import { ConfigError } from "../config";
import { LocalNeo4jError } from "../db/local-neo4j";
import { exportEcosystem } from "../services/export.service";
import { openCliDatabase } from "./database";
import { jsonFileSink } from "./json-file";

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length !== 1 || files[0]?.startsWith("--")) {
    console.error("usage: npm run export -- FILE.json");
    return 2;
  }
  const file = files[0] ?? "";
  const started = Date.now();
  const database = await openCliDatabase((line) => console.error(line));
  try {
    const { rows } = await exportEcosystem(database.db, jsonFileSink(file));
    console.log(
      `Exported ${rows} rows to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof LocalNeo4jError;
    console.error(known ? `export: ${(error as Error).message}` : error);
    process.exit(1);
  },
);
