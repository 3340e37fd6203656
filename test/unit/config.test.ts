import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, PROJECT_ROOT, checkAuthConfig, loadConfig } from "../../src/config";

const SECRET = "0123456789abcdef0123456789abcdef";

describe("loadConfig", () => {
  it("defaults to port 4000, demo data and the local Neo4j in the project's .local folder", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.demoData).toBe(true);
    expect(config.database).toEqual({
      kind: "local",
      dir: path.join(PROJECT_ROOT, ".local", "neo4j"),
      database: "neo4j",
      heapMb: 1024,
      pagecacheMb: 1024,
    });
  });

  it("uses a remote Neo4j with its credentials when NEO4J_URI is set", () => {
    const config = loadConfig({
      NEO4J_URI: "neo4j://db.example:7687",
      NEO4J_USER: "app",
      NEO4J_PASSWORD: "secret",
      NEO4J_DATABASE: "channel",
    });
    expect(config.database).toEqual({
      kind: "remote",
      uri: "neo4j://db.example:7687",
      user: "app",
      password: "secret",
      database: "channel",
    });
  });

  it("reads DEMO_DATA=false and LOCAL_NEO4J_DIR", () => {
    const config = loadConfig({ DEMO_DATA: "false", LOCAL_NEO4J_DIR: "/tmp/somewhere" });
    expect(config.demoData).toBe(false);
    expect(config.database).toMatchObject({ kind: "local", dir: "/tmp/somewhere" });
  });

  it.each([
    ["PORT", { PORT: "eighty" }],
    ["PORT", { PORT: "70000" }],
    ["DEMO_DATA", { DEMO_DATA: "maybe" }],
    ["NEO4J_URI", { NEO4J_URI: "http://localhost:7474" }],
    ["NEO4J_DATABASE", { NEO4J_DATABASE: "no spaces allowed" }],
    ["LOCAL_NEO4J_DIR", { LOCAL_NEO4J_DIR: "  " }],
    ["LOCAL_NEO4J_HEAP_MB", { LOCAL_NEO4J_HEAP_MB: "12" }],
    ["JWT_SECRET", { JWT_SECRET: "too-short" }],
    ["JWT_PUBLIC_KEY", { JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\\nnot a key" }],
    ["JWT_PUBLIC_KEY", { JWT_PUBLIC_KEY: "/no/such/key.pem" }],
    ["JWT_PUBLIC_KEY", { JWT_SECRET: SECRET, JWT_PUBLIC_KEY: "/no/such/key.pem" }],
    ["MAX_QUERY_DEPTH", { MAX_QUERY_DEPTH: "deep" }],
    ["MAX_QUERY_COST", { MAX_QUERY_COST: "0" }],
    ["MAX_ALIASES", { MAX_ALIASES: "-1" }],
    ["MAX_TOKENS", { MAX_TOKENS: "10" }],
    ["MAX_BODY_BYTES", { MAX_BODY_BYTES: "1e6" }],
    ["NEO4J_TX_TIMEOUT_MS", { NEO4J_TX_TIMEOUT_MS: "5" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
  ])("stops with a message naming %s when it is invalid", (variable, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it("defaults to development without a key, and to the documented limits", () => {
    const config = loadConfig({});
    expect(config.production).toBe(false);
    expect(config.auth).toEqual({ key: null, issuer: null, audience: null, maxAgeSeconds: 86_400 });
    expect(config.limits).toEqual({
      maxDepth: 12,
      maxCost: 500_000,
      maxAliases: 30,
      maxTokens: 5_000,
      maxFields: 300,
      maxVariableDepth: 10,
      maxBodyBytes: 1_000_000,
    });
    expect(config.metricsToken).toBeNull();
    expect(config.neo4jTxTimeoutMs).toBe(15_000);
    expect(config.logLevel).toBe("info");
  });

  it("reads the security settings", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      JWT_SECRET: SECRET,
      JWT_ISSUER: "https://login.example",
      JWT_AUDIENCE: "csp-graph",
      MAX_QUERY_DEPTH: "8",
      MAX_QUERY_COST: "1000",
      MAX_ALIASES: "5",
      MAX_TOKENS: "500",
      MAX_BODY_BYTES: "4096",
      MAX_FIELDS: "40",
      MAX_VARIABLE_DEPTH: "4",
      JWT_MAX_AGE_S: "600",
      METRICS_TOKEN: "m".repeat(32),
      NEO4J_TX_TIMEOUT_MS: "2000",
      LOG_LEVEL: "WARN",
    });
    expect(config.limits).toMatchObject({ maxFields: 40, maxVariableDepth: 4 });
    expect(config.auth.maxAgeSeconds).toBe(600);
    expect(config.metricsToken).toBe("m".repeat(32));
    expect(config).toMatchObject({
      production: true,
      auth: {
        key: { algorithm: "HS256", secret: SECRET },
        issuer: "https://login.example",
        audience: "csp-graph",
      },
      limits: { maxDepth: 8, maxCost: 1000, maxAliases: 5, maxTokens: 500, maxBodyBytes: 4096 },
      neo4jTxTimeoutMs: 2000,
      logLevel: "warn",
    });
  });

  it("reads JWT_PUBLIC_KEY as a PEM, with escaped newlines, or as a file, and picks the algorithm", () => {
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey;
    const rsaPem = rsa.export({ type: "spki", format: "pem" }).toString();
    const ecPem = ec.export({ type: "spki", format: "pem" }).toString();
    expect(loadConfig({ JWT_PUBLIC_KEY: rsaPem }).auth.key).toMatchObject({ algorithm: "RS256" });
    expect(loadConfig({ JWT_PUBLIC_KEY: ecPem.replace(/\n/g, "\\n") }).auth.key).toEqual({
      algorithm: "ES256",
      publicKeyPem: ecPem,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-key-"));
    const file = path.join(dir, "key.pem");
    fs.writeFileSync(file, ecPem);
    expect(loadConfig({ JWT_PUBLIC_KEY: file }).auth.key).toMatchObject({ algorithm: "ES256" });
    fs.rmSync(dir, { recursive: true, force: true });
    const p384 = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey;
    expect(() =>
      loadConfig({ JWT_PUBLIC_KEY: p384.export({ type: "spki", format: "pem" }).toString() }),
    ).toThrow(/^JWT_PUBLIC_KEY: must be an RSA key/);
  });
});

describe("checkAuthConfig (the production start rule)", () => {
  it("refuses production without a key, naming the variables to set", () => {
    const noKey = { key: null, issuer: null, audience: null };
    expect(() => checkAuthConfig(true, noKey)).toThrow(ConfigError);
    expect(() => checkAuthConfig(true, noKey)).toThrow(/^JWT_SECRET: .*JWT_PUBLIC_KEY/);
  });

  it("lets production start with a key, and development without one", () => {
    const withKey = loadConfig({ JWT_SECRET: SECRET }).auth;
    expect(() => checkAuthConfig(true, withKey)).not.toThrow();
    expect(() => checkAuthConfig(false, loadConfig({}).auth)).not.toThrow();
  });

  it("is not loadConfig's concern, so the import and export commands run without a key", () => {
    expect(loadConfig({ NODE_ENV: "production" }).production).toBe(true);
  });
});

describe("loadConfig: LOG_FORMAT", () => {
  it("pretty-prints at a terminal outside production, and writes JSON everywhere else", () => {
    expect(loadConfig({}, true).logFormat).toBe("pretty");
    expect(loadConfig({}, false).logFormat).toBe("json");
    expect(loadConfig({ NODE_ENV: "production" }, true).logFormat).toBe("json");
  });

  it("lets LOG_FORMAT override either way", () => {
    expect(loadConfig({ LOG_FORMAT: "json" }, true).logFormat).toBe("json");
    expect(loadConfig({ LOG_FORMAT: "Pretty" }, false).logFormat).toBe("pretty");
    expect(loadConfig({ LOG_FORMAT: "pretty", NODE_ENV: "production" }, false).logFormat).toBe(
      "pretty",
    );
  });

  it("stops with a message naming LOG_FORMAT when it is neither", () => {
    expect(() => loadConfig({ LOG_FORMAT: "yaml" })).toThrow(
      new ConfigError("LOG_FORMAT", '"yaml" is not json or pretty'),
    );
  });
});

describe("loadConfig: OpenTelemetry", () => {
  it("is off when no OTLP endpoint is set", () => {
    expect(loadConfig({}).tracing).toEqual({ tracesUrl: null, serviceName: "csp-graph" });
  });

  it("sends to OTEL_EXPORTER_OTLP_ENDPOINT's /v1/traces, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing).toEqual({
      tracesUrl: "http://collector:4318/v1/traces",
      serviceName: "csp-graph",
    });
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example/base/" }).tracing.tracesUrl,
    ).toBe("https://otel.example/base/v1/traces");
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://other:9999/custom",
        OTEL_SERVICE_NAME: "csp-graph-eu",
      }).tracing,
    ).toEqual({ tracesUrl: "http://other:9999/custom", serviceName: "csp-graph-eu" });
  });

  it("is off with OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true, whatever the endpoint", () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }).tracing.tracesUrl).toBeNull();
    expect(loadConfig({ ...endpoint, OTEL_SDK_DISABLED: "true" }).tracing.tracesUrl).toBeNull();
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "otlp" }).tracing.tracesUrl).toBe(
      "http://collector:4318/v1/traces",
    );
  });

  it.each([
    [
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" },
      /^OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" is not an http/,
    ],
    [
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "not a url" },
      /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "not a url" is not a URL/,
    ],
    [
      "OTEL_TRACES_EXPORTER",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "zipkin" },
      /^OTEL_TRACES_EXPORTER: "zipkin" is not otlp or none/,
    ],
    [
      "OTEL_EXPORTER_OTLP_PROTOCOL",
      { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      /^OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported: spans are sent as http\/json/,
    ],
  ])("stops with a message naming %s when it is wrong", (_variable, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("takes the traces-only protocol over the general one, as the SDK does", () => {
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318",
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      }).tracing.tracesUrl,
    ).toBe("http://c:4318/v1/traces");
  });
});
