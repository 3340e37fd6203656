import autocannon from "autocannon";
import type { BenchRequest, OperationId } from "./operations";
import { percentile } from "./stats";

/** One measured run of one operation against one server. */
export interface RunResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, connection errors and timeouts: any of them makes the run suspect. */
  failures: number;
}

const HEADERS = { "content-type": "application/json" };

/** The URL a request goes to: a GraphQL server's endpoint, or a baseline route under it. */
export function requestUrl(serverUrl: string, request: BenchRequest): string {
  return request.path === "" ? serverUrl : `${serverUrl.replace(/\/$/, "")}${request.path}`;
}

/**
 * Drives one server with autocannon on loopback: `connections` keep-alive connections sending
 * back-to-back for `seconds`. With `next`, every request gets a fresh body (Q6's new edges).
 */
export async function drive(
  url: string,
  first: BenchRequest,
  connections: number,
  seconds: number,
  next?: () => BenchRequest,
): Promise<RunResult> {
  const result = await autocannon({
    url: requestUrl(url, first),
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify(first.body),
    connections,
    duration: seconds,
    // A request stuck this long means the server is broken, not slow.
    timeout: 30,
    ...(next === undefined
      ? {}
      : {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify(next().body),
              }),
            },
          ],
        }),
  });
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Latency of one request at a time, timed here with a sub-millisecond clock: the scale curve's
 * measure. autocannon rounds latencies to whole milliseconds, too coarse for a 3 ms query.
 * Returns the p50 of `count` requests sent back to back, in milliseconds.
 */
/**
 * How the scale curve samples one operation at one size: requests one at a time for a while,
 * discarded, then `requests` timed ones per repeat. The warm-up is by time, not by count: each
 * size runs on a freshly started Neo4j, whose JIT keeps speeding up for thousands of requests;
 * after 300 discarded requests a cold 10,000-customer graph answered Q2 3.6 times slower than
 * the 100,000-customer one that had served the whole benchmark.
 */
export function scaleSampling(quick: boolean): { warmUpSeconds: number; requests: number } {
  return quick ? { warmUpSeconds: 2, requests: 100 } : { warmUpSeconds: 15, requests: 300 };
}

/** Sends the request one at a time for `seconds`, discarding the answers; returns how many. */
export async function warmUp(url: string, request: BenchRequest, seconds: number): Promise<number> {
  const target = requestUrl(url, request);
  const body = JSON.stringify(request.body);
  const deadline = Date.now() + seconds * 1000;
  let sent = 0;
  while (Date.now() < deadline) {
    const response = await fetch(target, { method: "POST", headers: HEADERS, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${target} answered HTTP ${response.status}`);
    sent += 1;
  }
  return sent;
}

export async function sequentialP50(
  url: string,
  request: BenchRequest,
  count: number,
): Promise<number> {
  const target = requestUrl(url, request);
  const body = JSON.stringify(request.body);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(target, { method: "POST", headers: HEADERS, body });
    await response.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!response.ok) throw new Error(`${target} answered HTTP ${response.status}`);
  }
  return percentile(times, 50);
}

/** What one answer says, to check the three servers answer alike, and its statement count. */
export interface Answer {
  statements: number | null;
  summary: string;
}

/** Sends one request and checks it succeeded; throws with the body when it did not. */
export async function ask(
  url: string,
  operation: OperationId,
  request: BenchRequest,
): Promise<Answer> {
  const response = await fetch(requestUrl(url, request), {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify(request.body),
  });
  const text = await response.text();
  const fail = (why: string): never => {
    throw new Error(`${operation} at ${url}: ${why}: ${text.slice(0, 2000)}`);
  };
  if (!response.ok) fail(`HTTP ${response.status}`);
  const body = JSON.parse(text) as {
    data?: unknown;
    errors?: unknown;
    statements?: number;
    extensions?: { cypherStatements?: number };
  };
  if (body.errors !== undefined) fail("errors in the answer");
  const statements = body.extensions?.cypherStatements ?? body.statements ?? null;
  return { statements, summary: summarize(operation, payloadOf(request, body.data)) };
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The payload of an answer: under a GraphQL answer's one root field, or the baseline's data. */
function payloadOf(request: BenchRequest, data: unknown): unknown {
  if (request.path !== "") return data;
  const [root] = Object.entries(record(data));
  if (root === undefined) return null;
  const [field, value] = root;
  // The library's node query is a list (`partners`); every other root field is not.
  return field === "partners" && Array.isArray(value) ? value[0] : value;
}

/** A short description that must read the same for every server (counts, ids, the verdict). */
function summarize(operation: OperationId, payload: unknown): string {
  switch (operation) {
    case "Q1":
      return `partner ${String(record(payload).id)}`;
    case "Q2": {
      const services = list(payload);
      const via = services.filter((service) => record(service).via !== null).length;
      return `${services.length} services, ${via} with via`;
    }
    case "Q3": {
      // Ours and the baseline list `resellers`; the library reads them through a connection.
      const resellers =
        "resellers" in record(payload)
          ? list(record(payload).resellers)
          : list(record(record(payload).resellersConnection).edges).map(
              (edge) => record(edge).node,
            );
      const customers = resellers.reduce<number>((sum, reseller) => {
        const page = record(reseller).customers;
        return sum + (Array.isArray(page) ? page.length : list(record(page).edges).length);
      }, 0);
      return `${resellers.length} resellers, ${customers} customers`;
    }
    case "Q4":
      return `${list(payload).length} chains`;
    case "Q5":
      return `allowed ${String(record(payload).allowed)}`;
    case "Q6":
      return "created";
  }
}
