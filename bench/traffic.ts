import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/config";
import { Random, WeightedList } from "../src/generate/random";
import { percentile } from "./stats";
import {
  healthStatus,
  recordRun,
  runScript,
  serverMemory,
  startTarget,
  waitUntilReady,
} from "./spawned-server";
import type { Claims, Memory, Target } from "./spawned-server";
import { readWholeNumberFlags } from "./support";

/**
 * `npm run load`: 50 concurrent clients for 60 s of mixed reads and writes against the server on
 * loopback, as ADMIN, ANALYST and PARTNER. The writes remove and re-create edges of the demo
 * graph, so some land and some conflict (DUPLICATE and other policy refusals, the only errors
 * expected). Prints requests, errors by code, latency and the server's memory over the run, and
 * appends a line to BENCHMARKS.md. Exits non-zero on any other error. Traffic starts once /health
 * says ready; the same traffic then runs unmeasured for --warmup seconds first. Flags: --clients N --seconds N --warmup N.
 */

interface DemoEdge {
  type: string;
  from: string;
  to: string;
  workload?: string;
  subscriptionId?: string;
  [property: string]: unknown;
}

interface Demo {
  partners: { id: string }[];
  customers: { id: string }[];
  edges: DemoEdge[];
}

interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  claims: Claims;
}

const ADMIN: Claims = { sub: "load-admin", role: "ADMIN" };
const ANALYST: Claims = { sub: "load-analyst", role: "ANALYST" };

const QUERIES = {
  partners: `query($first: Int, $after: String) { partners(first: $first, after: $after) {
    totalCount edges { cursor node { id name role country markets } } pageInfo { hasNextPage endCursor } } }`,
  partner: `query($id: ID!) { partner(id: $id) { id name role tenants { id domain }
    resellers { id name } providers { id name } customers(first: 10) { totalCount edges { node { id name } } }
    downstreamCustomers(first: 10) { totalCount } } }`,
  customer: `query($id: ID!) { customer(id: $id) { id name tenants { id domain
    servedBy { relation workload partner { id name } via { id } } } } }`,
  whoServes: `query($id: ID!) { whoServes(customerId: $id) { relation workload partner { id name } tenant { id } via { id } } }`,
  chains: `query($id: ID!) { distributionChains(customerId: $id, maxHops: 4) { partners { id } tenant { id } hops { type from to } } }`,
  validate: `query($input: EdgeInput!) { validateEdge(input: $input) { allowed violations { rule } warnings { rule } } }`,
  audit: `{ policyAudit(first: 20) { totalCount edges { node { rule message } } } }`,
  create: `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to warnings { rule } } }`,
  remove: `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`,
};

/** The mix: mostly reads, a fifth writes; weights add up to 100. */
function operationPicker(demo: Demo): () => Operation {
  // Edges whose removal breaks no other edge's basis, so re-creating them can land again.
  const writable = demo.edges.filter(
    (edge) => edge.type === "SERVES_WORKLOAD" || edge.type === "PROVISIONS",
  );
  // Seeded afresh each run: a load needs no replay, only the generator's draws.
  const random = new Random(Math.floor(Math.random() * 0x1_0000_0000));
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const writer = (edge: DemoEdge): Claims =>
    random.next() < 0.5
      ? ADMIN
      : { sub: `load-${edge.from}`, role: "PARTNER", partnerId: edge.from };
  const key = (edge: DemoEdge): Record<string, unknown> => ({
    type: edge.type,
    from: edge.from,
    to: edge.to,
    ...(edge.workload !== undefined && edge.type === "SERVES_WORKLOAD"
      ? { workload: edge.workload }
      : {}),
    ...(edge.subscriptionId !== undefined ? { subscriptionId: edge.subscriptionId } : {}),
  });
  const mix: [number, () => Operation][] = [
    [
      20,
      () => ({
        name: "partners",
        query: QUERIES.partners,
        variables: { first: random.int(5, 20) },
        claims: pick([ADMIN, ANALYST]),
      }),
    ],
    [
      15,
      () => ({
        name: "partner",
        query: QUERIES.partner,
        variables: { id: pick(demo.partners).id },
        claims: ANALYST,
      }),
    ],
    [
      15,
      () => ({
        name: "customer",
        query: QUERIES.customer,
        variables: { id: pick(demo.customers).id },
        claims: ADMIN,
      }),
    ],
    [
      15,
      () => ({
        name: "whoServes",
        query: QUERIES.whoServes,
        variables: { id: pick(demo.customers).id },
        claims: ANALYST,
      }),
    ],
    [
      10,
      () => ({
        name: "chains",
        query: QUERIES.chains,
        variables: { id: pick(demo.customers).id },
        claims: ANALYST,
      }),
    ],
    [
      5,
      () => ({
        name: "validateEdge",
        query: QUERIES.validate,
        variables: { input: pick(writable) },
        claims: ANALYST,
      }),
    ],
    [3, () => ({ name: "policyAudit", query: QUERIES.audit, variables: {}, claims: ANALYST })],
    [
      9,
      () => {
        const edge = pick(writable);
        return {
          name: "createEdge",
          query: QUERIES.create,
          variables: { input: edge },
          claims: writer(edge),
        };
      },
    ],
    [
      8,
      () => {
        const edge = pick(writable);
        return {
          name: "removeEdge",
          query: QUERIES.remove,
          variables: { input: key(edge) },
          claims: writer(edge),
        };
      },
    ],
  ];
  const byWeight = new WeightedList<() => Operation>();
  for (const [weight, make] of mix) byWeight.add(make, weight);
  return () => {
    const make = byWeight.pick(random);
    if (make === undefined) throw new Error("no operations in the mix");
    return make();
  };
}

interface Tally {
  requests: number;
  latenciesMs: number[];
  /** Latencies by operation name, for the per-operation percentiles. */
  latenciesByOperation: Map<string, number[]>;
  byCode: Map<string, number>;
  byOperation: Map<string, number>;
}

/**
 * The GraphQL URLs to drive: BENCH_URLS (comma separated: several replicas behind no balancer,
 * each client takes them in turn) or the one target.
 */
function targetUrls(target: Target): string[] {
  const listed = (process.env.BENCH_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  return listed.length > 0 ? listed : [target.url];
}

async function client(
  target: Target,
  next: () => Operation,
  tokens: Map<string, string>,
  until: number,
  tally: Tally,
): Promise<void> {
  const urls = targetUrls(target);
  let turn = Math.floor(Math.random() * urls.length);
  while (Date.now() < until) {
    const operation = next();
    const url = urls[turn % urls.length] ?? target.url;
    turn += 1;
    const tokenKey = JSON.stringify(operation.claims);
    let token = tokens.get(tokenKey);
    if (token === undefined) {
      token = target.sign(operation.claims);
      tokens.set(tokenKey, token);
    }
    const started = performance.now();
    let codes: string[];
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: operation.query, variables: operation.variables }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
      codes = (body.errors ?? []).map((error) => String(error.extensions?.code ?? "NO_CODE"));
    } catch {
      codes = ["NO_RESPONSE"];
    }
    const elapsedMs = performance.now() - started;
    tally.latenciesMs.push(elapsedMs);
    const byOperation = tally.latenciesByOperation.get(operation.name) ?? [];
    byOperation.push(elapsedMs);
    tally.latenciesByOperation.set(operation.name, byOperation);
    tally.requests += 1;
    tally.byOperation.set(operation.name, (tally.byOperation.get(operation.name) ?? 0) + 1);
    for (const code of new Set(codes)) tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
  }
}

const formatCounts = (counts: Map<string, number>): string =>
  counts.size === 0
    ? "none"
    : [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([code, count]) => `${code} ${count}`)
        .join(", ");

async function main(): Promise<void> {
  const { clients, seconds, warmup } = readWholeNumberFlags(
    process.argv.slice(2),
    { clients: 50, seconds: 60, warmup: 15 },
    "usage: npm run load -- [--clients N] [--seconds N] [--warmup N]",
  );
  const demo = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, "src", "demo", "ecosystem.json"), "utf8"),
  ) as Demo;
  process.stdout.write("Starting the server and its Neo4j...\n");
  const target = await startTarget();
  try {
    // Traffic starts when a load balancer would send it: once /health says ready, every statement
    // planned (before that, a cold start's planning and the burst slow each other down).
    const ready = await waitUntilReady(target.url);
    if (ready !== 200) throw new Error(`/health still says ${ready} after 120 s`);
    const next = operationPicker(demo);
    const tokens = new Map<string, string>();
    const cold = await serverMemory(target.url);
    process.stdout.write(`Warming up for ${warmup} s...\n`);
    const warmupTally: Tally = {
      requests: 0,
      latenciesMs: [],
      latenciesByOperation: new Map(),
      byCode: new Map(),
      byOperation: new Map(),
    };
    const warmupEnd = Date.now() + warmup * 1000;
    await Promise.all(
      Array.from({ length: clients }, () => client(target, next, tokens, warmupEnd, warmupTally)),
    );
    const memory: { atS: number; memory: Memory }[] = [];
    const startedAt = Date.now();
    memory.push({ atS: 0, memory: await serverMemory(target.url) });
    const sampler = setInterval(() => {
      void serverMemory(target.url).then((sample) =>
        memory.push({ atS: Math.round((Date.now() - startedAt) / 1000), memory: sample }),
      );
    }, 10_000);
    process.stdout.write(`Driving ${target.url}: ${clients} clients for ${seconds} s...\n`);
    const tally: Tally = {
      requests: 0,
      latenciesMs: [],
      latenciesByOperation: new Map(),
      byCode: new Map(),
      byOperation: new Map(),
    };
    const until = startedAt + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, () => client(target, next, tokens, until, tally)),
    );
    clearInterval(sampler);
    const elapsedS = (Date.now() - startedAt) / 1000;
    const end = await serverMemory(target.url);
    memory.push({ atS: Math.round(elapsedS), memory: end });
    const health = await healthStatus(target.url);
    const start = memory[0]?.memory ?? end;
    const warm = memory.find((sample) => sample.atS >= 10)?.memory ?? start;
    // The verdict is on the measured run; what a cold database does under the same burst is
    // reported beside it.
    // Policy refusals are the workload's own conflicts; busy answers are allowed under 1 %.
    const busy = tally.byCode.get("SERVER_BUSY") ?? 0;
    const unexpected = [...tally.byCode.entries()].filter(
      ([code]) =>
        code !== "POLICY_VIOLATION" && !(code === "SERVER_BUSY" && busy < tally.requests / 100),
    );
    const byOperationLatency = [...tally.latenciesByOperation.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([name, latencies]) =>
          `  ${name}: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)} ms (${latencies.length})`,
      );
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(tally.latenciesMs, p).toFixed(1));
    const alive = target.alive();

    process.stdout.write(
      [
        `warm-up: ${warmupTally.requests} requests in ${warmup} s, errors by code: ${formatCounts(warmupTally.byCode)}`,
        `requests: ${tally.requests} in ${elapsedS.toFixed(1)} s (${(tally.requests / elapsedS).toFixed(0)}/s)`,
        `by operation: ${formatCounts(tally.byOperation)}`,
        `responses with errors, by code: ${formatCounts(tally.byCode)}`,
        `latency ms: p50 ${p50}, p95 ${p95}, p99 ${p99}`,
        "latency by operation:",
        ...byOperationLatency,
        `server memory (RSS / heap used, MiB): cold ${cold.rssMb}/${cold.heapUsedMb}; ${memory.map((sample) => `${sample.atS}s ${sample.memory.rssMb}/${sample.memory.heapUsedMb}`).join(", ")}`,
        `server alive: ${alive}, /health: ${health}`,
        "",
      ].join("\n"),
    );
    const verdict = unexpected.length === 0 && alive && health === 200 ? "ok" : "FAILED";
    recordRun(
      "npm run load",
      `${clients} clients × ${seconds} s: ${tally.requests} requests (${(tally.requests / elapsedS).toFixed(0)}/s), ` +
        `errors by code: ${formatCounts(tally.byCode)}; p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms; ` +
        `server RSS ${start.rssMb} → ${warm.rssMb} (10 s) → ${end.rssMb} MiB, heap used ${start.heapUsedMb} → ${warm.heapUsedMb} → ${end.heapUsedMb} MiB; ` +
        `before it, ${warmup} s of warm-up from a cold database: ${warmupTally.requests} requests, errors ${formatCounts(warmupTally.byCode)}; ${verdict}`,
    );
    for (const line of target.errorLines().slice(0, 5)) process.stderr.write(`server: ${line}\n`);
    if (verdict !== "ok") {
      process.stderr.write(
        `unexpected: ${unexpected.map(([code, n]) => `${code} ${n}`).join(", ")}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await target.stop();
  }
}

runScript("npm run load", main);
