import { spawn, spawnSync } from "node:child_process";
import type { SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/config";

/**
 * The compiled commands, run as a user runs them: tests of `npm run import`, `export`,
 * `import:partner-center` and of the server process build `dist/` first, then start its files
 * with this process's environment (NEO4J_URI of the test database).
 */

/** Compiles src into dist/ as `npm run build` does; a failed build fails the caller's setup. */
export function buildDist(): void {
  const tsc = path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
  const build = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

/** The compiled file of a command of src/cli: `import`, `export`, `import-partner-center`. */
export function compiledCli(name: string): string {
  return path.join(PROJECT_ROOT, "dist", "cli", `${name}.js`);
}

/** How a command ended: its exit status and everything it printed. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled command to its end (two minutes at most), blocking this process. */
export function runCli(cli: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    env: process.env,
    timeout: 120_000,
  });
}

/**
 * Runs a compiled command without blocking this process, so that a server in it (a replay of
 * an API the command calls) can answer; `env` is added to this process's environment.
 */
export function runCliAsync(
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** A new empty folder under the system's temporary folder; the test removes it when done. */
export function tempFolder(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `csp-graph-${name}-`));
}
