import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { PROJECT_ROOT } from "../../src/config";
import { stopChild } from "../../src/db/local-neo4j";
import type { GraphQLResponse } from "./harness";

/** A response with its HTTP headers, for the headers a write hands back. */
export type ReplicaResponse<T = Record<string, unknown>> = GraphQLResponse<T> & {
  headers: Headers;
};

export interface Replicas {
  urls: string[];
  /** Posts an operation to replica `index` (modulo the count), with extra headers. */
  gql<T = Record<string, unknown>>(
    index: number,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<ReplicaResponse<T>>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 90_000;

/** One server process on the test database (NEO4J_URI), on a free loopback port. */
async function startOne(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist", "index.js")], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO_DATA: "false",
      // The ready line is logged at info; request lines are read and dropped.
      LOG_LEVEL: "info",
      NODE_ENV: "",
      JWT_SECRET: "",
      JWT_PUBLIC_KEY: "",
      // The races need no plans made ahead, and the machine is shared.
      WARM_PLANS: "false",
      // The races prove exactness: on a machine this busy, 12 writers at one lock can wait
      // longer than the default second for their turn, and a SERVER_BUSY proves nothing.
      WRITE_WAIT_MS: "30000",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a replica did not start")), START_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      const said = lines.slice(-5).join("\n");
      reject(new Error(`a replica exited with code ${code} before it was ready:\n${said}`));
    });
    const stdout = child.stdout;
    if (stdout === null) throw new Error("a replica has no stdout");
    readline.createInterface({ input: stdout }).on("line", (line) => {
      if (lines.length < 50) lines.push(line);
      try {
        const entry = JSON.parse(line) as { url?: unknown; database?: unknown };
        if (typeof entry.url === "string" && typeof entry.database === "string") {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return { url, child };
}

/** Starts `count` server processes side by side on the one test Neo4j (call buildDist first). */
export async function startReplicas(
  count: number,
  env: Record<string, string> = {},
): Promise<Replicas> {
  // One after the other: the first plans every statement in Neo4j (Db.warm), and the others
  // find the plans cached instead of planning the same statements at once on a busy machine.
  const started: { url: string; child: ChildProcess }[] = [];
  for (let i = 0; i < count; i++) started.push(await startOne(env));
  const urls = started.map(({ url }) => url);
  return {
    urls,
    gql: async (index, query, variables, headers = {}) => {
      const url = urls[index % urls.length];
      if (url === undefined) throw new Error("no replica");
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as object;
      return { status: response.status, headers: response.headers, ...body };
    },
    stop: async () => {
      await Promise.all(started.map(({ child }) => stopChild(child, 20_000)));
    },
  };
}
