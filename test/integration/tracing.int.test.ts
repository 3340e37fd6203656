import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { DEMO_FILE } from "../../src/app";
import { PROJECT_ROOT } from "../../src/config";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { createLogger } from "../../src/logger";
import { Tracing } from "../../src/tracing";
import { buildDist } from "../support/cli";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantOf = (domain: string): string => {
  const tenant = demo.tenants.find((candidate) => candidate.domain === domain);
  if (tenant === undefined) throw new Error(`demo has no tenant ${domain}`);
  return tenant.id;
};
const WWI = tenantOf("wideworldimporters.onmicrosoft.com");
const CONTOSO_CSP = tenantOf("contoso-csp.onmicrosoft.com");

const WHO_SERVES = `{ whoServes(customerId: "C-1") { partner { id } relation } }`;
const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to } }`;
// A caller's span, as a W3C traceparent header carries it.
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

/** Posts an operation with extra headers; the body as JSON. */
async function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables: Record<string, unknown> = {},
): Promise<{
  status: number;
  body: { data?: unknown; extensions?: { cypherStatements?: number } };
}> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan): ReadableSpan[] =>
  spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);

describe("tracing with OpenTelemetry", () => {
  let db: Db;
  let server: TestServer;
  const exporter = new InMemorySpanExporter();
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    const logger = createLogger("info", {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    server = await startTestServer(
      { demoData: true },
      logger,
      Tracing.withExporter(exporter, "csp-graph-test", false),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  beforeEach(() => exporter.reset());

  /** The request line a request id was logged with. */
  const requestLine = (requestId: string): Record<string, unknown> | undefined =>
    lines.find((line) => line.requestId === requestId && line.msg === "graphql request");

  it("makes a span per operation under the caller's traceparent, named as the metrics name it", async () => {
    const { status, body } = await post(server.app.url, WHO_SERVES, {
      traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
      "x-request-id": "trace-test-1",
    });
    expect(status).toBe(200);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(operation?.name).toBe("query.whoServes");
    expect(operation?.spanContext().traceId).toBe(CALLER_TRACE);
    expect(operation?.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(operation?.attributes).toMatchObject({
      "graphql.operation.type": "query",
      "csp_graph.root_field": "whoServes",
      "csp_graph.outcome": "ok",
      "csp_graph.request_id": "trace-test-1",
      "http.response.status_code": 200,
      "csp_graph.cypher_statements": body.extensions?.cypherStatements,
    });
    expect(operation?.resource.attributes["service.name"]).toBe("csp-graph-test");
    // The request's log line names the trace, so a log search finds the trace and back.
    expect(requestLine("trace-test-1")).toMatchObject({
      traceId: CALLER_TRACE,
      operation: "query.whoServes",
    });
  });

  it("makes a child span per Cypher statement with its registry name, rows and Neo4j's own time", async () => {
    const { body } = await post(server.app.url, WHO_SERVES);
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER);
    if (operation === undefined) throw new Error("no operation span");
    // Without a traceparent the request starts a trace of its own.
    expect(operation.parentSpanContext).toBeUndefined();
    const statements = childrenOf(spans, operation).filter((span) => span.kind === SpanKind.CLIENT);
    expect(statements).toHaveLength(body.extensions?.cypherStatements ?? -1);
    const services = statements.find((span) => span.name === "cypher.servicesOfCustomers");
    expect(services?.attributes).toMatchObject({
      "db.system.name": "neo4j",
      "csp_graph.query": "servicesOfCustomers",
    });
    // C-1 (Fabrikam) is served by several partners in the demo graph.
    expect(services?.attributes["db.response.returned_rows"]).toBeGreaterThan(0);
    for (const key of ["neo4j.result_available_after_ms", "neo4j.result_consumed_after_ms"]) {
      expect(typeof services?.attributes[key]).toBe("number");
      expect(services?.attributes[key]).toBeGreaterThanOrEqual(0);
    }
    expect(services?.spanContext().traceId).toBe(operation.spanContext().traceId);
  });

  it("makes a child span per policy decision, with the edge and the rules it broke", async () => {
    const refused = { type: "RESELLS_FOR", from: "P-300", to: CONTOSO_CSP };
    await post(server.app.url, CREATE, { "x-request-id": "trace-refused" }, { input: refused });
    let spans = exporter.getFinishedSpans();
    let operation = spans.find((span) => span.kind === SpanKind.SERVER);
    if (operation === undefined) throw new Error("no operation span");
    expect(operation.name).toBe("mutation.createEdge");
    expect(operation.status).toEqual({ code: SpanStatusCode.ERROR, message: "POLICY_VIOLATION" });
    const [decision] = childrenOf(spans, operation).filter(
      (span) => span.name === "policy.decision",
    );
    expect(decision?.attributes).toEqual({
      "csp_graph.policy.mode": "createEdge",
      "csp_graph.edge.type": "RESELLS_FOR",
      "csp_graph.edge.from": "P-300",
      "csp_graph.edge.to": CONTOSO_CSP,
      "csp_graph.policy.allowed": false,
      "csp_graph.policy.violations": ["NO_PARTNER_RESALE"],
      "csp_graph.policy.warnings": [],
    });
    // The statements of the locked write transaction are children of the operation too.
    const names = childrenOf(spans, operation).map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(["cypher.lockNodes", "cypher.edgeFacts"]));

    exporter.reset();
    const allowed = { type: "RESELLS_FOR", from: "P-200", to: WWI, via: "P-100" };
    const created = await post(server.app.url, CREATE, {}, { input: allowed });
    expect(created.body.data).toEqual({
      createEdge: { type: "RESELLS_FOR", from: "P-200", to: WWI },
    });
    spans = exporter.getFinishedSpans();
    operation = spans.find((span) => span.kind === SpanKind.SERVER);
    if (operation === undefined) throw new Error("no operation span");
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);
    const allowedDecision = childrenOf(spans, operation).find(
      (span) => span.name === "policy.decision",
    );
    expect(allowedDecision?.attributes).toMatchObject({
      "csp_graph.policy.allowed": true,
      "csp_graph.policy.violations": [],
    });
    expect(childrenOf(spans, operation).map((span) => span.name)).toContain(
      "cypher.mergeResellsFor",
    );
  });

  it("writes no trace id and makes no span when tracing is off", async () => {
    const offLines: Record<string, unknown>[] = [];
    const logger = createLogger("info", {
      write: (line: string) => void offLines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const untraced = await startTestServer({}, logger, null);
    try {
      await post(untraced.app.url, WHO_SERVES, {
        traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
        "x-request-id": "untraced-1",
      });
    } finally {
      await untraced.stop();
    }
    const line = offLines.find((entry) => entry.requestId === "untraced-1");
    expect(line).toMatchObject({ msg: "graphql request", operation: "query.whoServes" });
    expect(line).not.toHaveProperty("traceId");
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

/** What an OTLP/HTTP JSON export request carries, as far as this test reads it. */
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: {
      spans: { name: string; traceId: string; spanId: string; parentSpanId?: string }[];
    }[];
  }[];
}

describe("tracing to an OTLP/HTTP collector", () => {
  let db: Db;
  let collector: http.Server;
  const received: { path: string; contentType: string; body: OtlpExport }[] = [];

  beforeAll(async () => {
    // The server runs compiled, as `npm start` runs it: the OTLP exporter loads node:http with a
    // dynamic import(), which jest's module sandbox does not offer.
    buildDist();
    db = testDb();
    await resetGraph(db);
    // A collector's OTLP/HTTP receiver, on loopback: it keeps what it is sent.
    collector = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({
          path: req.url ?? "",
          contentType: req.headers["content-type"] ?? "",
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport,
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => collector.close(() => resolve()));
    await db?.close();
  });

  it("sends the operation and its statements to the collector OTEL_EXPORTER_OTLP_ENDPOINT names", async () => {
    const { port } = collector.address() as AddressInfo;
    const server = spawn(process.execPath, [path.join(PROJECT_ROOT, "dist", "index.js")], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: "0",
        DEMO_DATA: "true",
        LOG_LEVEL: "info",
        LOG_FORMAT: "json",
        OTEL_SDK_DISABLED: "",
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_SERVICE_NAME: "csp-graph-otlp",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: Record<string, unknown>[] = [];
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("the server did not start in 60 s")),
          60_000,
        );
        readline.createInterface({ input: server.stdout }).on("line", (text) => {
          const line = JSON.parse(text) as Record<string, unknown>;
          lines.push(line);
          if (typeof line.url === "string") {
            clearTimeout(timer);
            resolve(line.url);
          }
        });
        void exited.then((code) => reject(new Error(`the server exited with ${code}`)));
      });
      const { status } = await post(url, WHO_SERVES, {
        traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
        "x-request-id": "otlp-1",
      });
      expect(status).toBe(200);
    } finally {
      // A clean stop flushes the batch of spans still waiting.
      server.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(lines.find((line) => line.requestId === "otlp-1")).toMatchObject({
      msg: "graphql request",
      traceId: CALLER_TRACE,
    });
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((request) => request.path === "/v1/traces")).toBe(true);
    expect(received[0]?.contentType).toContain("application/json");
    const resources = received.flatMap((request) => request.body.resourceSpans);
    const serviceNames = resources.flatMap((resource) =>
      resource.resource.attributes
        .filter((attribute) => attribute.key === "service.name")
        .map((attribute) => attribute.value.stringValue),
    );
    expect(new Set(serviceNames)).toEqual(new Set(["csp-graph-otlp"]));
    const spans = resources.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
    );
    const operation = spans.find((span) => span.name === "query.whoServes");
    expect(operation).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN });
    const statement = spans.find((span) => span.name === "cypher.servicesOfCustomers");
    expect(statement).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: operation?.spanId });
  });
});
