import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Db } from "../../src/db/database";
import type { StatementCounter } from "../../src/db/database";
import type { EdgeRecord } from "../../src/domain";
import { AppError, ErrorCode } from "../../src/errors";
import { createEdge } from "../../src/services/edge.service";
import { benchDriver, DirectQueries } from "./direct";
import { announce, requiredEnv, stopOnSignal } from "./process";

/**
 * The bare baseline: the server's own Cypher statements through neo4j-driver behind a plain
 * node:http handler, with no GraphQL, no validation of a query document and no per-request
 * context beyond a statement counter. The floor for this stack. The write (Q6) goes through the
 * project's own judge-and-write, createEdge over a Db: its locks, rules and merge, so that the
 * floor is our write path without GraphQL rather than a copy of it that drifts.
 *
 * POST /q1 {id} · /q2 {customerId} · /q3 {id, first} · /q4 {customerId, maxHops} ·
 * /q5 {edge} · /q6 {edge}; each answers `{ data, statements }`.
 */
async function main(): Promise<void> {
  const uri = requiredEnv("NEO4J_URI");
  const queries = new DirectQueries(benchDriver(uri), "neo4j");
  // Q6's connection, with the bulk commands' settings: no transaction timeout, and a minute's
  // wait for a turn at the locks, so the baseline never answers SERVER_BUSY.
  const db = Db.connect({ uri, user: "neo4j", password: "", database: "neo4j" });
  const routes: Record<string, (body: Body, counter: StatementCounter) => Promise<unknown>> = {
    "/q1": (body, counter) => queries.partner(text(body.id), counter),
    "/q2": (body, counter) => queries.whoServes(text(body.customerId), counter),
    "/q3": (body, counter) => queries.providerCustomers(text(body.id), count(body.first), counter),
    "/q4": (body, counter) => queries.chains(text(body.customerId), count(body.maxHops), counter),
    "/q5": (body, counter) => queries.validate(edge(body.edge), counter),
    "/q6": async (body, counter) => {
      const { warnings } = await createEdge(db.withCounter(counter), edge(body.edge));
      return { type: "PROVISIONS", warnings };
    },
  };

  const server = http.createServer((req, res) => {
    const route = routes[req.url ?? ""];
    if (req.method !== "POST" || route === undefined) {
      send(res, 404, { error: "no such route" });
      return;
    }
    const counter: StatementCounter = { statements: 0 };
    readJson(req)
      .then((body) => route(body, counter))
      .then(
        (data) => send(res, 200, { data, statements: counter.statements }),
        (error: unknown) => {
          if (error instanceof AppError && error.code === ErrorCode.POLICY_VIOLATION)
            send(res, 409, { errors: error.extensions.violations });
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
    await db.close();
  });
}

type Body = Record<string, unknown>;

function text(value: unknown): string {
  if (typeof value !== "string") throw new TypeError("expected a string");
  return value;
}

function count(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError("expected an int");
  return value;
}

function edge(value: unknown): EdgeRecord {
  // prepareEdge (in DirectQueries and createEdge) checks the shape, as the server does for EdgeInput.
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
