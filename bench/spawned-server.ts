import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import jwt from "jsonwebtoken";
import neo4j from "neo4j-driver";
import { PROJECT_ROOT } from "../src/config";
import { stopChild } from "../src/db/local-neo4j";
import { BENCHMARKS_FILE, machine, scratchDir } from "./support";

/**
 * What `npm run load` and `npm run fuzz` run against: the built server (`dist/index.js`) in a
 * process of its own, exactly as in production (NODE_ENV=production, a JWT secret, JSON logs on
 * stdout), over a local Neo4j in a scratch folder with the demo data, on loopback. Or, with
 * BENCH_URL, a server already running (JWT_SECRET signs its tokens, NEO4J_URI reaches its
 * database for the write check).
 */

export interface Claims {
  sub: string;
  role: "ADMIN" | "ANALYST" | "PARTNER";
  partnerId?: string;
}

export interface Target {
  url: string;
  /** Bolt URI of the server's database; null when unknown (BENCH_URL without NEO4J_URI). */
  neo4jUri: string | null;
  /** A bearer token the server accepts, valid for an hour. */
  sign(claims: Claims): string;
  /** False once the server process has exited (always true for a server we did not start). */
  alive(): boolean;
  /** Log lines the server has printed so far. */
  logLines(): number;
  /** The first of the server's error log lines (masked errors' originals among them). */
  errorLines(): string[];
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 300_000;

export async function startTarget(): Promise<Target> {
  const external = process.env.BENCH_URL;
  if (external !== undefined && external !== "") {
    const secret = process.env.JWT_SECRET ?? "";
    return {
      url: external,
      neo4jUri: process.env.NEO4J_URI ?? null,
      // A server without a key ignores tokens, so any signature does.
      sign: (claims) =>
        jwt.sign(claims, secret === "" ? "unused-secret" : secret, { expiresIn: "1h" }),
      alive: () => true,
      logLines: () => 0,
      errorLines: () => [],
      stop: async () => undefined,
    };
  }
  const dir = scratchDir("security-bench");
  const secret = crypto.randomBytes(32).toString("hex");
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist", "index.js")], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      JWT_SECRET: secret,
      JWT_PUBLIC_KEY: "",
      JWT_ISSUER: "",
      JWT_AUDIENCE: "",
      NEO4J_URI: "",
      LOCAL_NEO4J_DIR: dir,
      LOCAL_NEO4J_HEAP_MB: "1024",
      LOCAL_NEO4J_PAGECACHE_MB: "512",
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO_DATA: "true",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // Never leave a server (and its Neo4j) behind when the benchmark dies.
  const killChild = (): void => {
    child.kill("SIGTERM");
  };
  process.on("exit", killChild);
  let lines = 0;
  const errorLines: string[] = [];
  const ready = await new Promise<{ url: string; database: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000}s`)),
      START_TIMEOUT_MS,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before it was ready`));
    });
    const stdout = child.stdout;
    if (stdout === null) throw new Error("the server has no stdout");
    readline.createInterface({ input: stdout }).on("line", (line) => {
      lines += 1;
      let entry: { msg?: unknown; url?: unknown; database?: unknown; level?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (typeof entry.level === "number" && entry.level >= 50 && errorLines.length < 20) {
        errorLines.push(line);
      }
      if (typeof entry.url === "string" && typeof entry.database === "string") {
        clearTimeout(timer);
        resolve({ url: entry.url, database: entry.database });
      }
    });
  });
  return {
    url: ready.url,
    neo4jUri: ready.database,
    sign: (claims) => jwt.sign(claims, secret, { expiresIn: "1h" }),
    alive: () => child.exitCode === null && child.signalCode === null,
    logLines: () => lines,
    errorLines: () => [...errorLines],
    stop: async () => {
      process.off("exit", killChild);
      await stopChild(child, 60_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Memory {
  rssMb: number;
  heapUsedMb: number;
}

/** The server's memory, from its own /metrics. */
export async function serverMemory(url: string): Promise<Memory> {
  const text = await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text();
  const read = (name: string): number => {
    const match = new RegExp(`^${name} (\\S+)`, "m").exec(text);
    return match?.[1] === undefined ? Number.NaN : Math.round(Number(match[1]) / 2 ** 20);
  };
  return {
    rssMb: read("process_resident_memory_bytes"),
    heapUsedMb: read("nodejs_heap_size_used_bytes"),
  };
}

export interface GraphCounts {
  nodes: number;
  relationships: number;
  /** Property values of every node and relationship, hashed: changes when anything is written. */
  fingerprint: string;
}

/** Counts and a fingerprint of the whole graph, straight from Neo4j. */
export async function graphCounts(neo4jUri: string): Promise<GraphCounts> {
  const driver = neo4j.driver(neo4jUri);
  try {
    const { records } = await driver.executeQuery(
      `CALL () { MATCH (n) WHERE NOT n:WriteLock AND NOT n:IdempotencyRecord AND NOT n:Finding AND NOT n:FindingsStamp AND NOT n:FindingRecheck RETURN count(n) AS nodes, collect(properties(n)) AS nodeProps }
       CALL () { MATCH ()-[r]->() RETURN count(r) AS rels, collect([type(r), properties(r)]) AS relProps }
       RETURN nodes, rels, nodeProps, relProps`,
    );
    const record = records[0];
    if (record === undefined) throw new Error("the count query returned nothing");
    const hash = crypto.createHash("sha256");
    for (const key of ["nodeProps", "relProps"]) {
      const values = (record.get(key) as unknown[]).map((value) => JSON.stringify(value)).sort();
      hash.update(values.join("\n"));
    }
    return {
      nodes: Number(record.get("nodes")),
      relationships: Number(record.get("rels")),
      fingerprint: hash.digest("hex").slice(0, 16),
    };
  } finally {
    await driver.close();
  }
}

export async function healthStatus(url: string): Promise<number> {
  return (await fetch(url.replace(/\/graphql$/, "/health"))).status;
}

/**
 * /health's status once it says ready (200), or its last after `seconds`: it says 503 while the
 * server still plans its statements (WARM_PLANS), as a load balancer's readiness check would see.
 */
export async function waitUntilReady(url: string, seconds = 120): Promise<number> {
  let health = await healthStatus(url);
  for (let waited = 0; health === 503 && waited < seconds; waited += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    health = await healthStatus(url);
  }
  return health;
}

export const SECURITY_HEADING = "Security: load and fuzz (`npm run load`, `npm run fuzz`)";

const METHOD = `Both scripts build the server, start it as \`npm start\` would in production
(\`NODE_ENV=production\`, a JWT secret, JSON request logs on stdout, the demo data) over a local
Neo4j (1 GiB heap, 512 MiB page cache) in a scratch folder, drive it from the same machine over
loopback, and stop it. Memory is the server process's own, read from its \`/metrics\`. The load
runs 15 s unmeasured first (a cold Neo4j plans each query once, which takes seconds); its verdict
is on the measured 60 s. The load average says how busy the (shared) machine was. One line per
run, newest last.`;

/**
 * Appends a run's line (today, the command, the machine and its load, the figures) to this
 * section of BENCHMARKS.md (created with a note on the method when missing), after its last line,
 * so the other sections of the file stay as they are.
 */
export function recordRun(
  command: string,
  figures: string,
  title: string = SECURITY_HEADING,
  method: string = METHOD,
): void {
  const line = `- ${new Date().toISOString().slice(0, 10)} \`${command}\` (${machineAndLoad()}): ${figures}`;
  const text = fs.existsSync(BENCHMARKS_FILE)
    ? fs.readFileSync(BENCHMARKS_FILE, "utf8")
    : "# Benchmarks\n";
  const heading = `## ${title}`;
  const start = text.indexOf(heading);
  if (start === -1) {
    fs.writeFileSync(BENCHMARKS_FILE, `${text.trimEnd()}\n\n${heading}\n\n${method}\n\n${line}\n`);
    return;
  }
  const next = text.indexOf("\n## ", start + heading.length);
  const end = next === -1 ? text.length : next;
  const section = text.slice(0, end).trimEnd();
  // A list item follows the previous one; the first follows the method note after a blank line.
  const separator = section.slice(section.lastIndexOf("\n") + 1).startsWith("- ") ? "\n" : "\n\n";
  fs.writeFileSync(BENCHMARKS_FILE, `${section}${separator}${line}\n${text.slice(end)}`);
}

/** The machine, and how busy it was: figures from a shared machine mean little without it. */
const machineAndLoad = (): string =>
  `${machine()}, load average ${os.loadavg()[0]?.toFixed(1)} at the end`;

/** Runs a script's `main`; a failure prints its stack and exits 1. */
export function runScript(command: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${command} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
