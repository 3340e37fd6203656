import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { PROJECT_ROOT } from "../src/config";
import { startLocalNeo4j } from "../src/db/local-neo4j";
import type { LocalNeo4j } from "../src/db/local-neo4j";
import { resolveApocPlugins } from "./apoc";
import { killAllChildren, processCpuMs, processMemory, runNode, startServer } from "./children";
import type { ProcessMemory, ServerChild } from "./children";
import { ask, drive } from "./load";
import type { RunResult } from "./load";
import { OPERATIONS, OURS_JWT_SECRET, requestFor, SERVER_LABELS, SERVERS } from "./operations";
import type { BenchIds, Operation, OperationId, ServerKind } from "./operations";
import { pickIds, removeBenchEdges } from "./pick";
import { benchDriver, DirectQueries } from "./servers/direct";
import { median } from "./stats";
import { generateToFile, readFlags, scratchDir } from "./support";
import { writeReport } from "./report";
import { throughputRatio, throughputRatioSpread } from "./results";
import type { BenchReport, Cell, OperationResult, ServerMemory, Settings } from "./results";
import { measureScaleCurve } from "./scale";
import type { ScalePoint } from "./scale";

/**
 * `npm run bench`: our server against the bare driver and against the Neo4j GraphQL Library, on
 * the same database and the same operations, then the scale curve of Q2 and Q4. Every server
 * and database it starts listens on 127.0.0.1 and is stopped before it exits, also on an error
 * or Ctrl-C. See BENCHMARKS.md for what it measures and how.
 */

function settingsFrom(argv: string[]): Settings {
  const quick = argv.includes("--quick");
  const defaults = quick
    ? {
        customers: "10000",
        connections: "8",
        repeats: "2",
        seconds: "2",
        warmup: "1",
        // Two small graphs: the quick run shows the shape of the curve, not the million.
        scale: "1000,10000",
      }
    : {
        customers: "100000",
        connections: "1,8,32",
        repeats: "3",
        seconds: "5",
        // Long enough for Neo4j to compile each server's statements (see measure).
        warmup: "10",
        scale: "10000,100000,1000000",
      };
  const flags = readFlags(
    argv.filter((arg) => arg !== "--quick"),
    {
      ...defaults,
      seed: "1",
      heap: "2048",
      pagecache: "2048",
      resellers: "50",
      cache: "",
      "import-timeout": "40",
      record: "true",
      prepare: "",
      only: "",
      compare: "",
    },
  );
  const list = (value: string): number[] =>
    value
      .split(",")
      .map((part) => Number(part.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  return {
    customers: Number(flags.customers),
    seed: Number(flags.seed),
    quick,
    connections: list(flags.connections),
    repeats: Number(flags.repeats),
    seconds: Number(flags.seconds),
    warmupSeconds: Number(flags.warmup),
    scale: [...new Set(list(flags.scale))].sort((a, b) => a - b),
    heapMb: Number(flags.heap),
    pagecacheMb: Number(flags.pagecache),
    resellers: Number(flags.resellers),
    cache: flags.cache === "" ? null : path.resolve(flags.cache),
    importTimeoutMinutes: Number(flags["import-timeout"]),
    record: flags.record !== "false",
    prepare: list(flags.prepare),
    only: flags.only === "" ? null : onlyOperations(flags.only),
    compare: flags.compare === "" ? null : comparedCheckout(path.resolve(flags.compare)),
  };
}

/**
 * `--compare DIR`: another checkout of this project, built for the benchmark there (`npm ci &&
 * npx tsc -p tsconfig.bench.json`), whose server is measured beside ours on Q1–Q5.
 */
function comparedCheckout(dir: string): { dir: string; commit: string } {
  if (!fs.existsSync(path.join(dir, "dist-bench", "bench", "servers", "ours.js"))) {
    throw new Error(
      `--compare ${dir}: no dist-bench/bench/servers/ours.js there; build it first (npm ci && npx tsc -p tsconfig.bench.json in that checkout)`,
    );
  }
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" });
  return { dir, commit: head.status === 0 ? head.stdout.trim() : "?" };
}

function onlyOperations(value: string): (OperationId | "scale")[] {
  const known = new Set<string>([...OPERATIONS.map((operation) => operation.id), "scale"]);
  const ids = value
    .split(",")
    .map((part) => part.trim())
    .map((part) => (part.toLowerCase() === "scale" ? "scale" : part.toUpperCase()));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new Error(
      `--only: no operation ${unknown.join(", ")}; the choices are ${[...known].join(", ")}`,
    );
  return ids as (OperationId | "scale")[];
}

const log = (line: string): void =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** A database holding a generated channel: imported now, or kept from an earlier run (--cache). */
export interface ChannelDatabase {
  local: LocalNeo4j;
  importSeconds: number | null;
  reused: boolean;
  rows: string;
}

export async function openChannel(
  settings: Pick<Settings, "cache" | "seed" | "heapMb" | "pagecacheMb" | "importTimeoutMinutes">,
  work: string,
  customers: number,
  pluginsDir: string | undefined,
): Promise<ChannelDatabase> {
  const dir = path.join(settings.cache ?? work, `channel-${customers}-seed${settings.seed}`);
  const marker = path.join(dir, "imported.json");
  const big = customers > 300_000;
  const memory = {
    heapMb: big ? Math.max(settings.heapMb, 4096) : settings.heapMb,
    pagecacheMb: big ? Math.max(settings.pagecacheMb, 4096) : settings.pagecacheMb,
  };
  if (!fs.existsSync(marker)) fs.rmSync(path.join(dir, "neo4j"), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(
    `Neo4j for ${customers} customers: heap ${memory.heapMb} MiB, page cache ${memory.pagecacheMb} MiB`,
  );
  const local = await startLocalNeo4j({
    dir: path.join(dir, "neo4j"),
    ...memory,
    ...(pluginsDir === undefined ? {} : { pluginsDir }),
    // A batch of the million-customer import on a busy machine can outlast the default minute.
    txTimeoutS: 1800,
    log,
  });
  if (!local.owned) {
    throw new Error(`another process already runs a Neo4j on ${dir}; stop it first`);
  }
  if (fs.existsSync(marker)) {
    const kept = JSON.parse(fs.readFileSync(marker, "utf8")) as { seconds: number; rows: string };
    log(
      `Reusing the ${customers}-customer graph kept in ${dir} (imported in ${kept.seconds.toFixed(0)} s)`,
    );
    return { local, importSeconds: kept.seconds, reused: true, rows: kept.rows };
  }
  try {
    const file = path.join(dir, "channel.json");
    let started = Date.now();
    await generateToFile(file, customers, settings.seed);
    const mib = fs.statSync(file).size / 2 ** 20;
    log(
      `Generated ${customers} customers (${mib.toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(0)} s; importing...`,
    );
    started = Date.now();
    let written = "";
    const importing = runNode(
      path.join(__dirname, "import-channel.js"),
      [file],
      { NEO4J_URI: local.uri },
      path.join(dir, "import.log"),
      [`--max-old-space-size=${big ? 12000 : 4096}`],
      (line) => {
        if (line.startsWith("IMPORTED ")) written = line.slice("IMPORTED ".length);
      },
    );
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        killAllChildren();
        reject(new Error(`the import did not finish within ${settings.importTimeoutMinutes} min`));
      }, settings.importTimeoutMinutes * 60_000);
      void importing.finally(() => clearTimeout(timer)).catch(() => undefined);
    });
    await Promise.race([importing, timeout]);
    const seconds = (Date.now() - started) / 1000;
    const counts = JSON.parse(written) as Record<string, number>;
    const rows = `${counts.partners} partners, ${counts.customers} customers, ${counts.tenants} tenants, ${counts.edges} edges`;
    log(`Imported ${rows} in ${seconds.toFixed(0)} s`);
    fs.rmSync(file, { force: true });
    fs.writeFileSync(marker, JSON.stringify({ seconds, rows }));
    return { local, importSeconds: seconds, reused: false, rows };
  } catch (error) {
    await local.stop();
    throw error;
  }
}

export function serverEnv(kind: ServerKind, uri: string): Record<string, string> {
  // Production mode for all of them (see OURS_JWT_SECRET).
  if (kind !== "ours" && kind !== "oursBefore") return { NEO4J_URI: uri, NODE_ENV: "production" };
  return {
    NEO4J_URI: uri,
    NODE_ENV: "production",
    JWT_SECRET: OURS_JWT_SECRET,
    PORT: "0",
    HOST: "127.0.0.1",
    DEMO_DATA: "false",
    // One log line per request is an operational choice, not the cost of GraphQL: off here.
    LOG_LEVEL: "warn",
    // Q3 asks for 50 customers of each reseller: well within the defaults, raised for headroom.
    MAX_QUERY_COST: "10000000",
    MAX_QUERY_DEPTH: "20",
  };
}

/** Each server's script: this checkout's build, or the compared checkout's for `oursBefore`. */
function serverScript(kind: ServerKind, compare: Settings["compare"]): string {
  switch (kind) {
    case "ours":
      return path.join(__dirname, "servers", "ours.js");
    case "baseline":
      return path.join(__dirname, "servers", "baseline.js");
    case "neo4jGraphql":
      return path.join(__dirname, "servers", "neo4j-graphql.js");
    case "oursBefore":
      if (compare === null) throw new Error("oursBefore runs only with --compare");
      return path.join(compare.dir, "dist-bench", "bench", "servers", "ours.js");
  }
}

async function startServers(
  uri: string,
  work: string,
  kinds: readonly ServerKind[],
  compare: Settings["compare"],
): Promise<Map<ServerKind, ServerChild>> {
  const servers = new Map<ServerKind, ServerChild>();
  for (const kind of kinds) {
    servers.set(kind, await startBenchServer(kind, uri, work, `${kind}.log`, compare));
  }
  return servers;
}

/** One server under test against the database at `uri`, logging into `work/logName`. */
async function startBenchServer(
  kind: ServerKind,
  uri: string,
  work: string,
  logName: string,
  compare: Settings["compare"] = null,
): Promise<ServerChild> {
  const child = await startServer(
    SERVER_LABELS[kind],
    serverScript(kind, compare),
    serverEnv(kind, uri),
    path.join(work, logName),
    process.env.BENCH_CPU_PROF === kind ? ["--cpu-prof", `--cpu-prof-dir=${work}`] : [],
  );
  log(`${SERVER_LABELS[kind]} listening on ${child.url} (pid ${child.pid})`);
  return child;
}

function cellOf(runs: RunResult[], cpuMs: number, neo4jCpuMs: number): Cell {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  return {
    runs,
    cpuMsPerRequest: cpuMs / requests,
    neo4jCpuMsPerRequest: neo4jCpuMs / requests,
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  };
}

/**
 * Measures one operation on every server that has it. Runs interleave the servers (for each
 * connection count and repeat, each server in turn), so a burst of load from elsewhere on the
 * machine hits all three rather than whichever happened to run then. Besides the load figures,
 * each run records the CPU time of the server and of Neo4j (`neo4jPid`), which serves only
 * that server's requests while it runs.
 */
async function measure(
  operation: Operation,
  servers: Map<ServerKind, ServerChild>,
  ids: BenchIds,
  settings: Settings,
  sequence: () => number,
  neo4jPid: number | null,
): Promise<OperationResult> {
  const result: OperationResult = { operation, answers: {}, cells: {} };
  const present = SERVERS.filter(
    (kind) => servers.has(kind) && requestFor(operation, kind, ids, sequence) !== null,
  );
  for (const kind of present) {
    const server = servers.get(kind);
    const request = requestFor(operation, kind, ids, sequence);
    if (server === undefined || request === null) continue;
    result.answers[kind] = await ask(server.url, operation.id, request);
    // Warm-up: JIT, connection pools, Neo4j's query caches. Discarded.
    await drive(
      server.url,
      request,
      Math.max(...settings.connections),
      settings.warmupSeconds,
      next(operation, kind, ids, sequence),
    );
  }
  const runs = new Map<string, RunResult[]>();
  const cpu = new Map<string, number>();
  const neo4jCpu = new Map<string, number>();
  const neo4jCpuMs = (): number => (neo4jPid === null ? Number.NaN : processCpuMs(neo4jPid));
  let round = 0;
  for (const connections of settings.connections) {
    for (let repeat = 0; repeat < settings.repeats; repeat++, round++) {
      // Who goes first changes from round to round: Neo4j keeps speeding up a statement for tens
      // of thousands of runs (its JIT), so a fixed order would time the first server against a
      // colder database in every round (ours, first, cost Neo4j 0.76 ms a Q2 request where the
      // bare baseline, second with the same statement, cost it 0.62).
      for (const kind of present.map(
        (_, i) => present[(i + round) % present.length] as ServerKind,
      )) {
        const server = servers.get(kind);
        const request = requestFor(operation, kind, ids, sequence);
        if (server === undefined || request === null) continue;
        const cpuBefore = processCpuMs(server.pid);
        const neo4jBefore = neo4jCpuMs();
        const run = await drive(
          server.url,
          request,
          connections,
          settings.seconds,
          next(operation, kind, ids, sequence),
        );
        const key = `${kind}:${connections}`;
        cpu.set(key, (cpu.get(key) ?? 0) + processCpuMs(server.pid) - cpuBefore);
        neo4jCpu.set(key, (neo4jCpu.get(key) ?? 0) + neo4jCpuMs() - neo4jBefore);
        runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }
  }
  for (const kind of present) {
    const byConnections: Record<number, Cell> = {};
    for (const connections of settings.connections) {
      const key = `${kind}:${connections}`;
      byConnections[connections] = cellOf(
        runs.get(key) ?? [],
        cpu.get(key) ?? Number.NaN,
        neo4jCpu.get(key) ?? Number.NaN,
      );
    }
    result.cells[kind] = byConnections;
  }
  return result;
}

function next(operation: Operation, kind: ServerKind, ids: BenchIds, sequence: () => number) {
  if (operation.fresh !== true) return undefined;
  return () => {
    const request = requestFor(operation, kind, ids, sequence);
    if (request === null) throw new Error(`${operation.id} has no request for ${kind}`);
    return request;
  };
}

function versions(driver: Driver): Promise<Record<string, string>> {
  const pkg = (name: string): string => {
    try {
      const file = path.join(PROJECT_ROOT, "node_modules", name, "package.json");
      return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  const java = spawnSync("java", ["-version"], { encoding: "utf8" }).stderr.split("\n")[0] ?? "?";
  return driver
    .executeQuery(
      "CALL dbms.components() YIELD name, versions, edition RETURN versions[0] + ' ' + edition AS neo4j, apoc.version() AS apoc",
      {},
      { database: "neo4j" },
    )
    .then(({ records }) => ({
      Node: process.version,
      Java: java,
      Neo4j: String(records[0]?.get("neo4j")),
      "APOC core": String(records[0]?.get("apoc")),
      "@apollo/server": pkg("@apollo/server"),
      "type-graphql": pkg("type-graphql"),
      graphql: pkg("graphql"),
      "neo4j-driver": pkg("neo4j-driver"),
      "@neo4j/graphql": pkg("@neo4j/graphql"),
      autocannon: pkg("autocannon"),
    }));
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const work = scratchDir("bench");
  log(
    `work folder ${work}; ${settings.customers} customers, connections ${settings.connections.join("/")}, ${settings.repeats} x ${settings.seconds} s runs, scale ${settings.scale.join("/")}`,
  );
  const pluginsDir = resolveApocPlugins(log);
  if (settings.prepare.length > 0) {
    if (settings.cache === null)
      throw new Error("--prepare needs --cache DIR to keep the graphs in");
    for (const customers of settings.prepare) {
      const prepared = await openChannel(settings, work, customers, undefined);
      await prepared.local.stop();
    }
    return;
  }
  let channel: ChannelDatabase | null = null;
  let servers = new Map<ServerKind, ServerChild>();
  let driver: Driver | null = null;
  const stopAll = async (): Promise<void> => {
    for (const server of servers.values()) await server.stop();
    servers = new Map();
    await driver?.close();
    driver = null;
    await channel?.local.stop();
    channel = null;
  };
  const onSignal = (): void => {
    log("interrupted: stopping every server and database");
    killAllChildren();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.on("exit", killAllChildren);

  try {
    channel = await openChannel(settings, work, settings.customers, pluginsDir);
    const mainChannel = channel;
    driver = benchDriver(channel.local.uri);
    const mainDriver = driver;
    const direct = new DirectQueries(driver, "neo4j");
    const removed = await removeBenchEdges(driver);
    if (removed > 0) log(`removed ${removed} PROVISIONS left by an earlier run`);
    const { ids, shape } = await pickIds(driver, direct, settings.resellers);
    log(
      `ids: provider ${ids.providerId} (${shape.providerResellers} resellers), customer ${ids.customerId} (${shape.customerTenants} tenants, ${shape.customerServices} serving edges)`,
    );
    const versionInfo = await versions(driver);
    servers = await startServers(
      channel.local.uri,
      work,
      SERVERS.filter((kind) => kind !== "oursBefore" || settings.compare !== null),
      settings.compare,
    );
    const idle = new Map<ServerKind, ProcessMemory>();
    for (const [kind, server] of servers) idle.set(kind, processMemory(server.pid));

    let counter = Date.now();
    const sequence = (): number => counter++;
    const results: OperationResult[] = [];
    const operations = OPERATIONS.filter(
      (operation) => settings.only === null || settings.only.includes(operation.id),
    );
    for (const operation of operations) {
      log(`${operation.id}: ${operation.title}`);
      const result = await measure(
        operation,
        servers,
        ids,
        settings,
        sequence,
        mainChannel.local.pid,
      );
      results.push(result);
      printOperation(result, settings);
    }
    const memory: Partial<Record<ServerKind, ServerMemory>> = {};
    for (const [kind, server] of servers) {
      const before = idle.get(kind);
      if (before !== undefined) memory[kind] = { idle: before, after: processMemory(server.pid) };
    }
    const created = await countCreated(mainDriver);
    log(`Q6 created ${JSON.stringify(created)}; removing them`);
    await removeBenchEdges(mainDriver);

    await stopAll();

    const scale: ScalePoint[] =
      settings.only === null || settings.only.includes("scale")
        ? await measureScaleCurve(settings.scale, settings.quick, {
            open: (customers) => openChannel(settings, work, customers, undefined),
            startOurs: (uri, customers) =>
              startBenchServer("ours", uri, work, `ours-scale-${customers}.log`),
            log,
          })
        : [];
    // The main size was opened again for the curve: say how it was imported at the start.
    for (const point of scale.filter((point) => point.customers === settings.customers)) {
      point.importSeconds = mainChannel.importSeconds;
      point.reused = mainChannel.reused;
    }

    const report: BenchReport = {
      settings,
      startedAt,
      minutes: (Date.now() - startedAt.getTime()) / 60_000,
      machine: machineInfo(),
      versions: versionInfo,
      mainImport: {
        seconds: mainChannel.importSeconds,
        reused: mainChannel.reused,
        rows: mainChannel.rows,
      },
      ids,
      shape,
      results,
      memory,
      q6Created: created,
      scale,
      loadAverage: { start: loadStart, end: os.loadavg() },
    };
    const summary = writeReport(report);
    console.log(summary);
  } finally {
    await stopAll();
    if (settings.cache === null) fs.rmSync(work, { recursive: true, force: true });
    else log(`logs and profiles kept in ${work}`);
  }
}

async function countCreated(driver: Driver): Promise<Partial<Record<ServerKind, number>>> {
  const { records } = await driver.executeQuery(
    `MATCH ()-[r:PROVISIONS]->() WHERE r.subscriptionId STARTS WITH 'bench-sub-'
     RETURN split(r.subscriptionId, '-')[2] AS server, count(*) AS created`,
    {},
    { database: "neo4j" },
  );
  const created: Partial<Record<ServerKind, number>> = {};
  for (const record of records) {
    const server = String(record.get("server")) as ServerKind;
    created[server] = Number(record.get("created"));
  }
  return created;
}

function machineInfo(): Record<string, string> {
  const cpus = os.cpus();
  return {
    CPU: `${cpus.length} x ${cpus[0]?.model ?? "?"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    OS: `${os.type()} ${os.release()}`,
  };
}

function printOperation(result: OperationResult, settings: Settings): void {
  for (const kind of SERVERS) {
    const cells = result.cells[kind];
    if (cells === undefined) continue;
    const parts = settings.connections.map((connections) => {
      const cell = cells[connections];
      return cell === undefined
        ? "-"
        : `c${connections}: ${cell.requestsPerSecond.toFixed(0)} req/s p50 ${cell.p50Ms} p99 ${cell.p99Ms} cpu ${cell.cpuMsPerRequest.toFixed(2)}ms${cell.failures > 0 ? ` (${cell.failures} failed)` : ""}`;
    });
    const answer = result.answers[kind];
    console.log(
      `  ${SERVER_LABELS[kind].padEnd(15)} ${answer?.summary ?? ""} [${answer?.statements ?? 1} stmt] ${parts.join(" | ")}`,
    );
  }
  const pairs: [ServerKind, ServerKind, string][] = [
    ["ours", "baseline", "ours/baseline"],
    ["ours", "neo4jGraphql", "ours/neo4j-graphql"],
    ["ours", "oursBefore", "ours/before"],
    ["oursBefore", "baseline", "before/baseline"],
  ];
  const shown = pairs.flatMap(([numerator, denominator, label]) => {
    const value = throughputRatio(result, numerator, denominator);
    if (Number.isNaN(value)) return [];
    const { lowest, highest } = throughputRatioSpread(result, numerator, denominator);
    return [`${label}=${value.toFixed(2)} (${lowest.toFixed(2)}–${highest.toFixed(2)})`];
  });
  console.log(`  ratio ${result.operation.id}: ${shown.join(" ")}`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      killAllChildren();
      process.exit(1);
    },
  );
}
