import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Where the project lives: the nearest folder above this file with a package.json, whether it
 * runs from `src` (ts-jest), `dist` (node) or `dist-bench/src` (the benchmarks).
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, "package.json")) || path.basename(dir).startsWith("dist")) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, "..");
    dir = parent;
  }
  return dir;
}

/** The database to use: one the user names, or the local Neo4j the project starts itself. */
export type DatabaseTarget =
  | { kind: "remote"; uri: string; user: string; password: string; database: string }
  | { kind: "local"; dir: string; database: string; heapMb: number; pagecacheMb: number };

/** How bearer tokens are verified: a shared secret (HS256) or a public key (RS256 or ES256). */
export type JwtKey =
  { algorithm: "HS256"; secret: string } | { algorithm: "RS256" | "ES256"; publicKeyPem: string };

export interface AuthConfig {
  /** Null only in development: every request is then an anonymous admin. */
  key: JwtKey | null;
  /** Required `iss` and `aud` claims, when set. */
  issuer: string | null;
  audience: string | null;
  /**
   * Longest lifetime a token may have, from its `iat` to its `exp`, in seconds (JWT_MAX_AGE_S;
   * DEFAULT_JWT_MAX_AGE_S when left out).
   */
  maxAgeSeconds?: number;
}

/** What one request may cost; over any of them the request is refused before it runs. */
export interface Limits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Field selections as written (repeats included), counted with the tokens. */
  maxFields: number;
  /** Nesting of the request's variables (objects and lists). */
  maxVariableDepth: number;
  maxBodyBytes: number;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const LOG_LEVELS: readonly LogLevel[] = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];

/** How log lines look: pino's JSON (for log shippers) or pino-pretty's lines (for people). */
export type LogFormat = "json" | "pretty";

/** OpenTelemetry tracing: off (null URL) unless an OTLP endpoint is configured. */
export interface TracingConfig {
  /** Where spans are sent, as OTLP/HTTP with JSON bodies; null: tracing is off. */
  tracesUrl: string | null;
  /** OTEL_SERVICE_NAME, the `service.name` of every span. */
  serviceName: string;
}

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  demoData: boolean;
  /** NODE_ENV=production: tokens required, no introspection, no Sandbox. */
  production: boolean;
  auth: AuthConfig;
  limits: Limits;
  /** Longest a Neo4j transaction of a request may run before the database aborts it. */
  neo4jTxTimeoutMs: number;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | null;
  /** Longest a write waits for its turn at its locks before it is answered SERVER_BUSY. */
  writeWaitMs: number;
  /** Plan every statement after connecting and after an outage, before /health says ready. */
  warmPlans: boolean;
  /** Writes keep the stored audit findings current; off only to measure what that costs. */
  findingsMaintenance: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  tracing: TracingConfig;
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
export function loadConfig(
  env: Env = process.env,
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): Config {
  const database = env.NEO4J_DATABASE ?? "neo4j";
  if (!/^[A-Za-z][A-Za-z0-9.-]{2,62}$/.test(database)) {
    throw new ConfigError("NEO4J_DATABASE", `"${database}" is not a valid Neo4j database name`);
  }
  return {
    port: readPort(env, "PORT", 4000),
    host: env.HOST ?? "127.0.0.1",
    demoData: readBoolean(env, "DEMO_DATA", true),
    database: readDatabaseTarget(env, database),
    production: env.NODE_ENV === "production",
    auth: readAuth(env),
    limits: {
      maxDepth: readInteger(env, "MAX_QUERY_DEPTH", 12, 2, 100),
      // The same worst-case multiplication of `first` as GitHub's node limit, and its figure.
      maxCost: readInteger(env, "MAX_QUERY_COST", 500_000, 10, 100_000_000),
      maxAliases: readInteger(env, "MAX_ALIASES", 30, 0, 10_000),
      maxTokens: readInteger(env, "MAX_TOKENS", 5_000, 50, 1_000_000),
      // Validation compares same-named sibling fields pairwise: 1,240 repeats cost up to 680 ms.
      maxFields: readInteger(env, "MAX_FIELDS", 300, 10, 100_000),
      maxVariableDepth: readInteger(env, "MAX_VARIABLE_DEPTH", 10, 2, 1_000),
      maxBodyBytes: readInteger(env, "MAX_BODY_BYTES", 1_000_000, 1_024, 100_000_000),
    },
    neo4jTxTimeoutMs: readInteger(env, "NEO4J_TX_TIMEOUT_MS", 15_000, 100, 3_600_000),
    metricsToken: readMetricsToken(env),
    writeWaitMs: readInteger(env, "WRITE_WAIT_MS", 1_000, 0, 600_000),
    warmPlans: readBoolean(env, "WARM_PLANS", true),
    findingsMaintenance: readBoolean(env, "FINDINGS_MAINTENANCE", true),
    logLevel: readLogLevel(env),
    logFormat: readLogFormat(env, stdoutIsTerminal),
    tracing: readTracing(env),
  };
}

/**
 * LOG_FORMAT when set; else pretty lines for a person at a terminal, outside production, and
 * JSON lines everywhere else (a pipe, a file, a container's log, production).
 */
function readLogFormat(env: Env, stdoutIsTerminal: boolean): LogFormat {
  const raw = nonEmpty(env.LOG_FORMAT)?.toLowerCase();
  if (raw === undefined) {
    return stdoutIsTerminal && env.NODE_ENV !== "production" ? "pretty" : "json";
  }
  if (raw === "json" || raw === "pretty") return raw;
  throw new ConfigError("LOG_FORMAT", `"${raw}" is not json or pretty`);
}

/**
 * The OpenTelemetry SDK's own variables, as its exporters read them: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
 * is the full URL, OTEL_EXPORTER_OTLP_ENDPOINT a base that /v1/traces is added to;
 * OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true turn tracing off whatever else is set.
 * Only OTLP over HTTP with JSON bodies is sent, so another protocol is refused rather than
 * silently spoken wrong to a collector that expects it.
 */
function readTracing(env: Env): TracingConfig {
  const serviceName = nonEmpty(env.OTEL_SERVICE_NAME) ?? "csp-graph";
  const off = { tracesUrl: null, serviceName };
  if (nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === "true") return off;
  const exporter = nonEmpty(env.OTEL_TRACES_EXPORTER)?.toLowerCase() ?? "otlp";
  if (exporter === "none") return off;
  if (exporter !== "otlp") {
    throw new ConfigError("OTEL_TRACES_EXPORTER", `"${exporter}" is not otlp or none`);
  }
  const tracesEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const variable =
    tracesEndpoint !== null ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
  const raw = tracesEndpoint ?? baseEndpoint;
  if (raw === null) return off;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, `"${raw}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(variable, `"${raw}" is not an http:// or https:// URL`);
  }
  // The traces-only variable wins over the general one, as in the SDK.
  const protocolVariable =
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) !== null
      ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
      : "OTEL_EXPORTER_OTLP_PROTOCOL";
  const protocol = nonEmpty(env[protocolVariable]);
  if (protocol !== null && protocol !== "http/json") {
    throw new ConfigError(
      protocolVariable,
      `"${protocol}" is not supported: spans are sent as http/json`,
    );
  }
  const tracesUrl =
    tracesEndpoint !== null ? url.href : `${url.href.replace(/\/+$/, "")}/v1/traces`;
  return { tracesUrl, serviceName };
}

/**
 * The server never runs in production without a way to verify tokens: it would hand every
 * caller the anonymous admin. startApp checks this, not loadConfig, because the import and
 * export commands read the same config and need no key.
 */
export function checkAuthConfig(production: boolean, auth: AuthConfig): void {
  if (production && auth.key === null) {
    throw new ConfigError(
      "JWT_SECRET",
      "NODE_ENV=production needs JWT_SECRET (HS256) or JWT_PUBLIC_KEY (RS256/ES256) to verify bearer tokens",
    );
  }
}

/** A day: long enough for a working session, short enough that a leaked token soon expires. */
export const DEFAULT_JWT_MAX_AGE_S = 86_400;

// RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits.
const MIN_SECRET_LENGTH = 32;

function readAuth(env: Env): AuthConfig {
  const secret = nonEmpty(env.JWT_SECRET);
  const publicKey = nonEmpty(env.JWT_PUBLIC_KEY);
  if (secret !== null && publicKey !== null) {
    throw new ConfigError("JWT_PUBLIC_KEY", "set either JWT_SECRET or JWT_PUBLIC_KEY, not both");
  }
  let key: JwtKey | null = null;
  if (secret !== null) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError("JWT_SECRET", `must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    key = { algorithm: "HS256", secret };
  } else if (publicKey !== null) {
    key = readPublicKey(publicKey);
  }
  return {
    key,
    issuer: nonEmpty(env.JWT_ISSUER),
    audience: nonEmpty(env.JWT_AUDIENCE),
    maxAgeSeconds: readInteger(env, "JWT_MAX_AGE_S", DEFAULT_JWT_MAX_AGE_S, 60, 31_536_000),
  };
}

/** JWT_PUBLIC_KEY holds a PEM (newlines may be written as `\n`) or the path of a PEM file. */
function readPublicKey(value: string): JwtKey {
  let pem = value.replace(/\\n/g, "\n");
  if (!pem.startsWith("-----BEGIN")) {
    try {
      pem = fs.readFileSync(value, "utf8");
    } catch {
      throw new ConfigError("JWT_PUBLIC_KEY", `is neither a PEM nor a readable file: "${value}"`);
    }
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    throw new ConfigError("JWT_PUBLIC_KEY", "is not a PEM public key");
  }
  if (key.asymmetricKeyType === "rsa") return { algorithm: "RS256", publicKeyPem: pem };
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") {
    return { algorithm: "ES256", publicKeyPem: pem };
  }
  throw new ConfigError("JWT_PUBLIC_KEY", "must be an RSA key (RS256) or a P-256 EC key (ES256)");
}

function readMetricsToken(env: Env): string | null {
  const token = nonEmpty(env.METRICS_TOKEN);
  if (token !== null && token.length < MIN_SECRET_LENGTH) {
    throw new ConfigError("METRICS_TOKEN", `must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return token;
}

function readLogLevel(env: Env): LogLevel {
  const raw = nonEmpty(env.LOG_LEVEL)?.toLowerCase() ?? "info";
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) {
    throw new ConfigError("LOG_LEVEL", `"${raw}" is not one of ${LOG_LEVELS.join(", ")}`);
  }
  return level;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value.trim();
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
