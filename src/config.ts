import path from "node:path";

/** Where the project lives, whether it runs from `src` (ts-jest) or `dist` (node). */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The database to use: one the user names, or the local Neo4j the project starts itself. */
export type DatabaseTarget =
  | { kind: "remote"; uri: string; user: string; password: string; database: string }
  | { kind: "local"; dir: string; database: string; heapMb: number; pagecacheMb: number };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  demoData: boolean;
}

/** A bad environment variable; the message names it, so the start can stop with just that. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates every setting from the environment, in one place.
 * Throws a ConfigError naming the first variable that is wrong.
 */
export function loadConfig(env: Env = process.env): Config {
  const database = env.NEO4J_DATABASE ?? "neo4j";
  if (!/^[A-Za-z][A-Za-z0-9.-]{2,62}$/.test(database)) {
    throw new ConfigError("NEO4J_DATABASE", `"${database}" is not a valid Neo4j database name`);
  }
  return {
    port: readPort(env, "PORT", 4000),
    host: env.HOST ?? "127.0.0.1",
    demoData: readBoolean(env, "DEMO_DATA", true),
    database: readDatabaseTarget(env, database),
  };
}

function readDatabaseTarget(env: Env, database: string): DatabaseTarget {
  const uri = env.NEO4J_URI;
  if (uri !== undefined && uri !== "") {
    if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+/.test(uri)) {
      throw new ConfigError(
        "NEO4J_URI",
        `"${uri}" is not a Bolt URI (expected bolt://host:port or neo4j://host:port)`,
      );
    }
    return {
      kind: "remote",
      uri,
      user: env.NEO4J_USER ?? "neo4j",
      password: env.NEO4J_PASSWORD ?? "",
      database,
    };
  }
  const dir = env.LOCAL_NEO4J_DIR;
  if (dir !== undefined && dir.trim() === "") {
    throw new ConfigError("LOCAL_NEO4J_DIR", "is empty; unset it or name a folder");
  }
  return {
    kind: "local",
    dir: path.resolve(dir ?? path.join(PROJECT_ROOT, ".local", "neo4j")),
    database,
    heapMb: readInteger(env, "LOCAL_NEO4J_HEAP_MB", 1024, 256, 65536),
    pagecacheMb: readInteger(env, "LOCAL_NEO4J_PAGECACHE_MB", 1024, 64, 65536),
  };
}

function readPort(env: Env, name: string, fallback: number): number {
  return readInteger(env, name, fallback, 0, 65535);
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  switch (raw.trim().toLowerCase()) {
    case "true":
    case "1":
    case "yes":
      return true;
    case "false":
    case "0":
    case "no":
      return false;
    default:
      throw new ConfigError(name, `"${raw}" is not a boolean (use true or false)`);
  }
}
