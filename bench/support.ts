import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { PROJECT_ROOT } from "../src/config";
import { generateChannel } from "../src/generate/channel";
import { ecosystemJson } from "../src/generate/json";

export const BENCHMARKS_FILE = path.join(PROJECT_ROOT, "BENCHMARKS.md");

/** `--name value` flags with defaults; an unknown flag stops the run naming it. */
export function readFlags<T extends Record<string, string>>(argv: string[], defaults: T): T {
  const flags: Record<string, string> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const name = arg.replace(/^--/, "");
    if (!arg.startsWith("--") || !(name in defaults))
      throw new Error(
        `unknown argument ${arg}; flags: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(" ")}`,
      );
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) flags[name] = "true";
    else {
      flags[name] = value;
      i += 1;
    }
  }
  return flags as T;
}

/**
 * `--name N` flags of whole numbers, with defaults (the security scripts' flags); an unknown
 * flag, or a value that is not a whole number from `min`, stops the run with `usage`.
 */
export function readWholeNumberFlags<T extends Record<string, number>>(
  argv: string[],
  defaults: T,
  usage: string,
  min = 0,
): T {
  const flags: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = (argv[i] ?? "").replace(/^--/, "");
    const value = Number(argv[i + 1]);
    if (!Object.hasOwn(defaults, name)) throw new Error(usage);
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `--${name}: a whole number from ${min}, not ${argv[i + 1] ?? "nothing"}\n${usage}`,
      );
    }
    flags[name] = value;
  }
  return flags as T;
}

/** A scratch folder that the benchmark removes when done. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `csp-graph-${prefix}-`));
}

/** Writes a generated channel to `file`, streamed (a million customers never sit in memory). */
export async function generateToFile(file: string, customers: number, seed: number): Promise<void> {
  await pipeline(
    Readable.from(ecosystemJson(generateChannel({ customers, seed }))),
    fs.createWriteStream(file),
  );
}

/** Appends one line to BENCHMARKS.md under `heading` (created when missing). */
export function recordBenchmark(heading: string, line: string): void {
  const text = fs.existsSync(BENCHMARKS_FILE)
    ? fs.readFileSync(BENCHMARKS_FILE, "utf8")
    : "# Benchmarks\n";
  const marker = `## ${heading}`;
  const updated = text.includes(marker)
    ? text
        .replace(marker, `${marker}\n\n${line}`)
        .replace(`${marker}\n\n${line}\n\n`, `${marker}\n\n${line}\n`)
    : `${text.trimEnd()}\n\n${marker}\n\n${line}\n`;
  fs.writeFileSync(BENCHMARKS_FILE, updated);
}

export const machine = (): string =>
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
