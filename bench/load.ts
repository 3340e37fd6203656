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
    headers: { ...HEADERS, ...first.headers },
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
 * How the scale curve samples one operation at one size: requests one at a time, discarded until
 * their times settle, then `rounds` rounds (see measureScaleCurve) of `requests` timed ones each,
 * the sizes taking turns `burst` requests at a time. Each size runs on a freshly started Neo4j
 * whose JIT keeps speeding it up for thousands of requests, more slowly when the machine is
 * busy: after 300 discarded requests a cold 10,000-customer graph answered Q2 3.6 times slower
 * than the warm 100,000-customer one, and even after 15 s it was still 2.4 times slower.
 */
export function scaleSampling(quick: boolean): {
  warmUp: WarmUp;
  rounds: number;
  requests: number;
  burst: number;
} {
  return quick
    ? {
        warmUp: { windowSeconds: 1, settled: 0.1, maxSeconds: 10 },
        rounds: 3,
        requests: 100,
        burst: 10,
      }
    : {
        warmUp: { windowSeconds: 3, settled: 0.05, maxSeconds: 90 },
        rounds: 15,
        requests: 300,
        burst: 10,
      };
}

/** Until when a warm-up goes on: windows of requests, until two p50s in a row agree. */
export interface WarmUp {
  windowSeconds: number;
  /** Settled: the p50 of a window within this fraction of the window before. */
  settled: number;
  /** Stop here even when the times have not settled. */
  maxSeconds: number;
}

/**
 * Sends the request one at a time in windows of `windowSeconds`, discarding the answers, until
 * a window's p50 is within `settled` of the previous one's or `maxSeconds` have passed.
 * Returns the seconds it took and whether the times settled.
 */
export async function warmUp(
  url: string,
  request: BenchRequest,
  { windowSeconds, settled, maxSeconds }: WarmUp,
): Promise<{ seconds: number; settled: boolean }> {
  const started = Date.now();
  let previous = Number.NaN;
  while ((Date.now() - started) / 1000 < maxSeconds) {
    const window = await sequentialTimes(url, request, windowSeconds);
    const p50 = percentile(window, 50);
    if (Math.abs(p50 - previous) <= settled * previous) {
      return { seconds: (Date.now() - started) / 1000, settled: true };
    }
    previous = p50;
  }
  return { seconds: (Date.now() - started) / 1000, settled: false };
}

/**
 * Milliseconds of each request sent one at a time for `seconds`, timed here with a
 * sub-millisecond clock (autocannon rounds latencies to whole milliseconds, too coarse for a
 * 2 ms query).
 */
async function sequentialTimes(
  url: string,
  request: BenchRequest,
  seconds: number,
): Promise<number[]> {
  const deadline = Date.now() + seconds * 1000;
  const times: number[] = [];
  while (Date.now() < deadline) times.push(await timedRequest(url, request));
  return times;
}

/** Sends one request and waits for the whole answer: its milliseconds. Throws on an HTTP error. */
async function timedRequest(url: string, request: BenchRequest): Promise<number> {
  const target = requestUrl(url, request);
  const started = process.hrtime.bigint();
  const response = await fetch(target, {
    method: "POST",
    headers: { ...HEADERS, ...request.headers },
    body: JSON.stringify(request.body),
  });
  await response.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok) throw new Error(`${target} answered HTTP ${response.status}`);
  return ms;
}

/**
 * The p50 of `count` requests to each target, sent one at a time, the targets taking turns in
 * bursts of `burst` requests: every target is timed over the same seconds of the machine's life,
 * so a slow stretch of it falls on all of them alike. Bursts rather than single requests: a
 * server that has sat idle while the others answered starts cold (its threads asleep, its
 * caches taken by the other processes), which made single turns about twice as slow, for all
 * targets alike, as a run of requests to one server (3.3 ms against 1.5 ms for Q2).
 */
export async function interleavedP50s(
  targets: readonly { url: string; request: BenchRequest }[],
  count: number,
  burst: number,
): Promise<number[]> {
  const times: number[][] = targets.map(() => []);
  for (let sent = 0; sent < count; sent += burst) {
    for (const [index, target] of targets.entries()) {
      for (let request = sent; request < Math.min(sent + burst, count); request++) {
        times[index]?.push(await timedRequest(target.url, target.request));
      }
    }
  }
  return times.map((list) => percentile(list, 50));
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
    headers: { ...HEADERS, ...request.headers },
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
    case "Q7":
      return `${list(payload).length} relationships`;
    case "Q8":
      return `${list(record(payload).edges).length} expiring`;
  }
}
