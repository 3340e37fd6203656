import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { startApp } from "../src/app";
import { loadConfig } from "../src/config";
import { Db } from "../src/db/database";
import { writeEcosystem } from "../src/db/ecosystem.writer";
import { startLocalNeo4j } from "../src/db/local-neo4j";
import { readJsonFile } from "../src/cli/json-file";
import type { Ecosystem } from "../src/domain";
import { importEcosystem } from "../src/services/import.service";
import { generateToFile, machine, readFlags, recordBenchmark, scratchDir } from "./support";

/**
 * `npm run bench:import`: imports a generated channel into a fresh local Neo4j and times it,
 * then creates the same document's first edges one `createEdge` mutation at a time (over HTTP,
 * into a graph holding the same nodes) and prints the ratio of the two per-edge costs.
 */
async function main(): Promise<void> {
  const flags = readFlags(process.argv.slice(2), {
    customers: "100000",
    seed: "1",
    mutations: "2000",
    heap: "4096",
    pagecache: "4096",
  });
  const customers = Number(flags.customers);
  const mutations = Number(flags.mutations);
  const dir = scratchDir("bench-import");
  const file = path.join(dir, "channel.json");
  const startDatabase = async (folder: string) => {
    const started = await startLocalNeo4j({
      dir: path.join(dir, folder),
      heapMb: Number(flags.heap),
      pagecacheMb: Number(flags.pagecache),
    });
    const connected = Db.connect({
      uri: started.uri,
      user: "neo4j",
      password: "",
      database: "neo4j",
    });
    return { local: started, db: connected };
  };
  let { local, db } = await startDatabase("neo4j");
  try {
    let started = Date.now();
    await generateToFile(file, customers, Number(flags.seed));
    console.log(
      `generated ${customers} customers (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await db.applySchema();

    started = Date.now();
    const raw = await readJsonFile(file);
    const report = await importEcosystem(db, raw, { skipInvalid: false });
    const importSeconds = (Date.now() - started) / 1000;
    if (!report.committed)
      throw new Error(`the generated channel was refused: ${JSON.stringify(report.byRule)}`);
    const { partners, tenants, edges } = report.written;
    const rows = partners + report.written.customers + tenants + edges;
    const importPerEdgeMs = (importSeconds * 1000) / edges;
    console.log(
      `import: ${rows} rows (${edges} edges) in ${importSeconds.toFixed(1)} s = ${Math.round(rows / importSeconds)} rows/s, ${importPerEdgeMs.toFixed(3)} ms per edge (whole import over edges)`,
    );

    // One mutation at a time, into a graph with the same nodes and none of the edges: a fresh
    // database (deleting millions of rows in one transaction would outgrow Neo4j's memory).
    await db.close();
    await local.stop();
    ({ local, db } = await startDatabase("neo4j-mutations"));
    await db.applySchema();
    const doc = raw as Ecosystem;
    await writeEcosystem(db, { ...doc, edges: [] });
    const app = await startApp(
      {
        ...loadConfig({ PORT: "0", DEMO_DATA: "false" }),
        database: {
          kind: "remote",
          uri: local.uri,
          user: "neo4j",
          password: "",
          database: "neo4j",
        },
      },
      () => undefined,
    );
    let refused = 0;
    started = Date.now();
    for (const edge of doc.edges.slice(0, mutations)) {
      const response = await fetch(app.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation($input: EdgeInput!) { createEdge(input: $input) { type } }",
          variables: { input: edge },
        }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors !== undefined) refused += 1;
    }
    const mutationPerEdgeMs = (Date.now() - started) / mutations;
    await app.stop();
    const ratio = mutationPerEdgeMs / importPerEdgeMs;
    console.log(
      `createEdge one at a time: ${mutations} edges, ${mutationPerEdgeMs.toFixed(2)} ms per edge (${refused} refused)`,
    );
    console.log(
      `ratio: batch import is ${ratio.toFixed(0)}x faster per edge than one mutation per edge`,
    );
    recordBenchmark(
      "Bulk import (npm run bench:import)",
      `- ${new Date().toISOString().slice(0, 10)}, ${machine()}, Neo4j heap ${flags.heap} MiB / page cache ${flags.pagecache} MiB: ${customers} customers, ${rows} rows (${edges} edges) imported in ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds)} rows/s); createEdge one by one ${mutationPerEdgeMs.toFixed(2)} ms/edge over ${mutations} edges; import ${ratio.toFixed(0)}x faster per edge.`,
    );
  } finally {
    await db.close();
    await local.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
