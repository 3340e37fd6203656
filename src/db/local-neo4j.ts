import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { PROJECT_ROOT } from "../config";

/**
 * The local Neo4j: Neo4j Community 5.26 resolved from Maven Central and run in a JVM of its own
 * by neo4j/src/main/java/dev/cspgraph/LocalNeo4j.java, with Bolt on 127.0.0.1 only.
 */
export interface LocalNeo4jOptions {
  /** Data folder; one running database per folder. */
  dir: string;
  heapMb: number;
  pagecacheMb: number;
  /** Bolt port; a free one when omitted. */
  port?: number;
  /** Where progress lines go (Maven's first download takes a while). */
  log?: (line: string) => void;
  /**
   * A folder of procedure jars for Neo4j to load (the benchmarks' APOC for the Neo4j GraphQL
   * Library); none by default, so the normal start needs nothing beyond Neo4j itself.
   */
  pluginsDir?: string;
  /** Longest a transaction may run, in seconds (the launcher's default is 60). */
  txTimeoutS?: number;
}

export interface LocalNeo4j {
  uri: string;
  /** False when another process already ran a database on this folder and we reuse it. */
  owned: boolean;
  /** The JVM's process id when this process started it (null for a reused one). */
  pid: number | null;
  /** Stops the database if this process started it; a no-op for a reused one. */
  stop(): Promise<void>;
}

/** The machine lacks Java or Maven, or the launcher cannot start; the message says what to do. */
export class LocalNeo4jError extends Error {
  override name = "LocalNeo4jError";
}

const LAUNCHER_DIR = path.join(PROJECT_ROOT, "neo4j");
const LAUNCHER_SOURCE = path.join(LAUNCHER_DIR, "src/main/java/dev/cspgraph/LocalNeo4j.java");
const CLASSES_DIR = path.join(LAUNCHER_DIR, "target/classes");
const LAUNCHER_CLASS = path.join(CLASSES_DIR, "dev/cspgraph/LocalNeo4j.class");
const CLASSPATH_FILE = path.join(LAUNCHER_DIR, "target/classpath.txt");
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

// The flags Neo4j 5.26's shipped neo4j.conf passes (server.jvm.additional), but for the TLS ones
// (Bolt here is plain, on loopback) and the diagnostics ones, and one of ours: exit on
// OutOfMemoryError rather than run on in a broken state. AlwaysPreTouch faults the whole heap in
// at start, so the first touches of a large heap are not paid for during the first minutes of
// load (the benchmark times a 4 GiB-heap Neo4j against a 2 GiB one).
const JVM_FLAGS = [
  "-XX:+UseG1GC",
  "-XX:-OmitStackTraceInFastThrow",
  "-XX:+AlwaysPreTouch",
  "-XX:+UnlockExperimentalVMOptions",
  "-XX:+TrustFinalNonStaticFields",
  "-XX:+DisableExplicitGC",
  "-Djdk.nio.maxCachedBufferSize=1024",
  "-Dio.netty.tryReflectionSetAccessible=true",
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "-XX:+ExitOnOutOfMemoryError",
  "-Dfile.encoding=UTF-8",
];

const MISSING_TOOLS_HELP = (missing: string): string =>
  `${missing} not found: the local Neo4j needs Java 17+ and Maven (e.g. \`apt-get install openjdk-17-jdk-headless maven\`). ` +
  "Alternatives: run `docker compose up` (Neo4j and the server in containers), or point NEO4J_URI " +
  "(with NEO4J_USER, NEO4J_PASSWORD) at a Neo4j 5 you already have.";

/**
 * Starts the local Neo4j on `dir`, or reuses the one already running there, and resolves once
 * Bolt accepts connections. A database this process starts is stopped when it exits.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = options.log ?? (() => undefined);
  const java = findJava();
  buildLauncher(log);
  const port = options.port ?? (await findFreePort());
  fs.mkdirSync(options.dir, { recursive: true });

  const classpath = [
    CLASSES_DIR,
    // Plugins go on the classpath as well as in plugin_dir, as Neo4j's own start script does:
    // APOC registers its configuration through extension factories found on the classpath.
    ...(options.pluginsDir === undefined ? [] : [path.join(options.pluginsDir, "*")]),
    fs.readFileSync(CLASSPATH_FILE, "utf8").trim(),
  ].join(path.delimiter);
  const child = spawn(
    java,
    [
      `-Xms${options.heapMb}m`,
      `-Xmx${options.heapMb}m`,
      ...JVM_FLAGS,
      "-cp",
      classpath,
      "dev.cspgraph.LocalNeo4j",
      "--dir",
      options.dir,
      "--port",
      String(port),
      "--pagecache-mb",
      String(options.pagecacheMb),
      // Stop with us even when we die without a chance to send SIGTERM.
      "--watch-stdin",
      ...(options.pluginsDir === undefined ? [] : ["--plugins", options.pluginsDir]),
      ...(options.txTimeoutS === undefined ? [] : ["--tx-timeout-s", String(options.txTimeoutS)]),
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const stderrTail: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail.push(chunk.toString("utf8"));
    if (stderrTail.length > 50) stderrTail.shift();
  });

  const first = await firstProtocolLine(child, stderrTail);
  if (first.kind === "already-running") {
    log(`Reusing the local Neo4j already running on ${options.dir} at ${first.uri}`);
    await waitForBolt(first.uri, START_TIMEOUT_MS);
    return { uri: first.uri, owned: false, pid: null, stop: async () => undefined };
  }
  await waitForBolt(first.uri, START_TIMEOUT_MS);
  // The database lives as long as this process, but never keeps it alive by itself: when the
  // process ends, the exit guard below (or the closed stdin pipe) stops the JVM.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const exitGuard = (): void => {
    child.kill("SIGTERM");
  };
  process.on("exit", exitGuard);
  return {
    uri: first.uri,
    owned: true,
    pid: child.pid ?? null,
    stop: async () => {
      process.off("exit", exitGuard);
      await stopChild(child, STOP_TIMEOUT_MS);
    },
  };
}

function findJava(): string {
  const fromHome = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "";
  const java = fromHome !== "" && fs.existsSync(fromHome) ? fromHome : "java";
  const probe = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0)
    throw new LocalNeo4jError(MISSING_TOOLS_HELP("Java"));
  const major = /version "(\d+)/.exec(probe.stderr)?.[1];
  if (major !== undefined && Number(major) < 17) {
    throw new LocalNeo4jError(
      `Java ${major} found, Neo4j 5.26 needs 17 or newer. ${MISSING_TOOLS_HELP("Java 17")}`,
    );
  }
  return java;
}

/** Resolves Neo4j with Maven and compiles the launcher, unless both are newer than their sources. */
function buildLauncher(log: (line: string) => void): void {
  const upToDate = (file: string): boolean =>
    fs.existsSync(file) &&
    fs.statSync(file).mtimeMs >= fs.statSync(path.join(LAUNCHER_DIR, "pom.xml")).mtimeMs &&
    fs.statSync(file).mtimeMs >= fs.statSync(LAUNCHER_SOURCE).mtimeMs;
  if (upToDate(CLASSPATH_FILE) && upToDate(LAUNCHER_CLASS)) return;

  log("Resolving Neo4j Community 5.26 with Maven (the first run downloads about 160 MB)...");
  const mvn = spawnSync("mvn", ["-B", "-q", "-f", path.join(LAUNCHER_DIR, "pom.xml"), "compile"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (mvn.error !== undefined) throw new LocalNeo4jError(MISSING_TOOLS_HELP("Maven (mvn)"));
  if (mvn.status !== 0) {
    throw new LocalNeo4jError(
      `Maven could not resolve Neo4j (exit ${mvn.status}):\n${(mvn.stdout + mvn.stderr).slice(-4000)}`,
    );
  }
  // Maven leaves an up-to-date classpath file untouched; mark the build as done.
  const now = new Date();
  fs.utimesSync(CLASSPATH_FILE, now, now);
  fs.utimesSync(LAUNCHER_CLASS, now, now);
}

type ProtocolLine = { kind: "ready" | "already-running"; uri: string };

function firstProtocolLine(child: ChildProcess, stderrTail: string[]): Promise<ProtocolLine> {
  return new Promise((resolve, reject) => {
    const stdout = child.stdout;
    if (stdout === null) {
      reject(new LocalNeo4jError("the launcher has no stdout"));
      return;
    }
    const lines = readline.createInterface({ input: stdout });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new LocalNeo4jError(`Neo4j did not start within ${START_TIMEOUT_MS / 1000}s`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(
        new LocalNeo4jError(
          `the local Neo4j exited with code ${code} before it was ready:\n${stderrTail.join("").slice(-4000)}`,
        ),
      );
    };
    child.once("exit", onExit);
    lines.on("line", (line) => {
      const match = /^NEO4J_(READY|ALREADY_RUNNING) (\S+)$/.exec(line);
      if (match === null) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve({ kind: match[1] === "READY" ? "ready" : "already-running", uri: match[2] ?? "" });
    });
  });
}

/**
 * Stops a child process: SIGTERM, then SIGKILL when it has not exited within `graceMs`. Resolves
 * once it has exited (at once for one that already has).
 */
export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Resolves once a TCP connection to the Bolt port succeeds. */
export async function waitForBolt(uri: string, timeoutMs: number): Promise<void> {
  const { hostname, port } = new URL(uri.replace(/^(bolt|neo4j)/, "http"));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new LocalNeo4jError(`Bolt at ${uri} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
