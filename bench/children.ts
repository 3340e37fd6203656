import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { stopChild } from "../src/db/local-neo4j";
import { READY_PREFIX } from "./servers/process";

/** A server the benchmark started: its URL, its process, and how to stop it. */
export interface ServerChild {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Memory of a process from /proc (Linux): resident now and its peak, in MiB. */
export interface ProcessMemory {
  rssMiB: number;
  peakRssMiB: number;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

/** Every child still running, so an error or Ctrl-C anywhere stops them all. */
const running = new Set<ChildProcess>();

/** Sends SIGTERM to every child still running (exit, SIGINT, an uncaught error). */
export function killAllChildren(): void {
  for (const child of running) child.kill("SIGTERM");
}

/**
 * Runs `node script` with `env` added to a trimmed copy of ours, and resolves once the child
 * prints its ready line (servers) or exits 0 (`waitForExit`). The child's other output goes to
 * `logFile`, so a crash can be read afterwards without flooding the benchmark's own output.
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<ServerChild> {
  const child = spawnNode(script, env, logFile, nodeArgs);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s (${logFile})`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready:\n${tail(logFile)}`));
    };
    child.once("exit", onExit);
    if (child.stdout === null) throw new Error("no stdout");
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      if (!line.startsWith(READY_PREFIX)) {
        fs.appendFileSync(logFile, `${line}\n`);
        return;
      }
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve(line.slice(READY_PREFIX.length).trim());
    });
  });
  return { name, url, pid: child.pid ?? 0, stop: () => stopChild(child, STOP_TIMEOUT_MS) };
}

/** Runs `node script args` to completion; rejects with the tail of its log on a non-zero exit. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
  onLine: (line: string) => void = () => undefined,
): Promise<void> {
  const child = spawnNode(script, env, logFile, nodeArgs, args);
  if (child.stdout !== null) {
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      fs.appendFileSync(logFile, `${line}\n`);
      onLine(line);
    });
  }
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${path.basename(script)} exited with code ${code}:\n${tail(logFile)}`));
    });
  });
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[],
  args: string[] = [],
): ChildProcess {
  // NODE_ENV and the JWT settings stay out: our server then runs in development, where every
  // request is the anonymous admin and no token is needed.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(NODE_ENV|JWT_|NEO4J_|PORT$|HOST$|LOCAL_NEO4J_|DEMO_DATA$)/.test(key),
    ),
  );
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...inherited, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.stderr?.on("data", (chunk: Buffer) => fs.appendFileSync(logFile, chunk));
  return child;
}

/** VmRSS and VmHWM of a process, from /proc/PID/status. */
export function processMemory(pid: number): ProcessMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  };
  return { rssMiB: field("VmRSS"), peakRssMiB: field("VmHWM") };
}

// Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every common Linux.
const TICKS_PER_SECOND =
  Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/**
 * CPU time a process has used so far (user + system), in milliseconds, from /proc/PID/stat.
 * Divided by the requests it served, it is the server's own cost per request: far steadier on a
 * busy machine than throughput, which also depends on what else gets the cores.
 */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name, in parentheses, may hold spaces: count the fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").slice(-3000);
  } catch {
    return "(no log)";
  }
}
