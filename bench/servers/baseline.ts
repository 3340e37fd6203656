import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EdgeRecord } from "../../src/domain";
import { AppError } from "../../src/errors";
import { benchDriver, DirectQueries } from "./direct";
import type { Counter } from "./direct";
import { announce, requiredEnv, stopOnSignal } from "./process";

/**
 * The bare baseline: the server's own Cypher statements through neo4j-driver behind a plain
 * node:http handler, with no GraphQL, no validation of a query document and no per-request
 * context beyond a statement counter. The floor for this stack.
 *
 * POST /q1 {id} · /q2 {customerId} · /q3 {id, first} · /q4 {customerId, maxHops} ·
 * /q5 {edge} · /q6 {edge}; each answers `{ data, statements }`.
 */
async function main(): Promise<void> {
  const queries = new DirectQueries(benchDriver(requiredEnv("NEO4J_URI")), "neo4j");
  const routes: Record<string, (body: Body, counter: Counter) => Promise<unknown>> = {
    "/q1": (body, counter) => queries.partner(text(body.id), counter),
    "/q2": (body, counter) => queries.whoServes(text(body.customerId), counter),
    "/q3": (body, counter) => queries.providerCustomers(text(body.id), count(body.first), counter),
    "/q4": (body, counter) => queries.chains(text(body.customerId), count(body.maxHops), counter),
    "/q5": (body, counter) => queries.validate(edge(body.edge), counter),
    "/q6": async (body, counter) => {
      const decision = await queries.create(edge(body.edge), counter);
      if (!decision.allowed) throw new Refused(decision.violations);
      return { type: "PROVISIONS", warnings: decision.warnings };
    },
  };

  const server = http.createServer((req, res) => {
    const route = routes[req.url ?? ""];
    if (req.method !== "POST" || route === undefined) {
      send(res, 404, { error: "no such route" });
      return;
    }
    const counter: Counter = { statements: 0 };
    readJson(req)
      .then((body) => route(body, counter))
      .then(
        (data) => send(res, 200, { data, statements: counter.statements }),
        (error: unknown) => {
          if (error instanceof Refused) send(res, 409, { errors: error.violations });
          else if (error instanceof AppError) send(res, 400, { error: error.message });
          else {
            console.error(error);
            send(res, 500, { error: "internal error" });
          }
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  announce(`http://127.0.0.1:${port}`);
  stopOnSignal(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await queries.close();
  });
}

type Body = Record<string, unknown>;

class Refused extends Error {
  constructor(readonly violations: unknown[]) {
    super("refused");
  }
}

function text(value: unknown): string {
  if (typeof value !== "string") throw new TypeError("expected a string");
  return value;
}

function count(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError("expected an int");
  return value;
}

function edge(value: unknown): EdgeRecord {
  // prepareEdge (in DirectQueries) checks the shape, as the server does for EdgeInput.
  if (typeof value !== "object" || value === null) throw new TypeError("expected an edge");
  return value as EdgeRecord;
}

function readJson(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body);
      } catch (error) {
        reject(error);
      }
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(payload));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
