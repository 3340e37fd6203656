import { recordRun, runScript, startTarget } from "./spawned-server";
import type { Target } from "./spawned-server";
import { readWholeNumberFlags } from "./support";

/**
 * `npm run abuse`: what abusive documents cost everyone else. A probe query is timed alone
 * (idle), then while `--clients` clients send, back to back, documents that were expensive to
 * refuse (issue 17: a field repeated 1,240 times under the token limit, which graphql-js's
 * validation compared pairwise; variables nested 10,000 arrays deep; a subscription). Prints the
 * probe's median and p90 in both phases and their ratio (the target: within 2x of idle), how the
 * abusive requests were answered and how many there were, and appends a line to BENCHMARKS.md.
 * Flags: --seconds N per phase (default 12), --clients N (default 3). Runs against the server
 * `startTarget` starts (production mode, demo data), or BENCH_URL.
 */

const PROBE = `{ partner(id: "P-100") { id name role customers(first: 5) { totalCount } } }`;

/** The documents of the abusive load, each answered without executing anything. */
const ABUSIVE: { kind: string; body: string }[] = [
  {
    kind: "repeated fields",
    body: JSON.stringify({
      query: `{ partner(id: "P-100") { ${Array.from({ length: 1_240 }, () => "customers { totalCount }").join(" ")} } }`,
    }),
  },
  {
    kind: "deep variables",
    body: `{"query":"query($f: Int) { partners(first: $f) { totalCount } }","variables":{"f":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`,
  },
  { kind: "subscription", body: JSON.stringify({ query: "subscription { x }" }) },
];

async function post(target: Target, token: string, body: string): Promise<string> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const json = (await response.json()) as { errors?: { extensions?: { code?: unknown } }[] };
  const code = json.errors?.[0]?.extensions?.code;
  return typeof code === "string" ? code : "data";
}

/** Times the probe back to back for `seconds`; milliseconds per request. */
async function probe(target: Target, token: string, seconds: number): Promise<number[]> {
  const body = JSON.stringify({ query: PROBE });
  const times: number[] = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const started = process.hrtime.bigint();
    const outcome = await post(target, token, body);
    if (outcome !== "data") throw new Error(`the probe was answered with ${outcome}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const { seconds, clients } = readWholeNumberFlags(
    process.argv.slice(2),
    { seconds: 12, clients: 3 },
    "usage: npm run abuse -- [--seconds N] [--clients N]",
    1,
  );
  process.stdout.write("Starting the server and its Neo4j...\n");
  const target = await startTarget();
  try {
    const token = target.sign({ sub: "abuse-admin", role: "ADMIN" });
    // Warm-up: the first requests compile statements and JIT the server's code.
    await probe(target, token, Math.min(5, seconds));
    process.stdout.write(`Probing ${target.url} idle for ${seconds} s...\n`);
    const idle = await probe(target, token, seconds);

    process.stdout.write(`Probing again while ${clients} clients send abusive documents...\n`);
    let stop = false;
    const answers = new Map<string, number>();
    const abusers = Array.from({ length: clients }, async (_unused, client) => {
      for (let n = client; !stop; n += 1) {
        const abuse = ABUSIVE[n % ABUSIVE.length];
        if (abuse === undefined) continue;
        const outcome = await post(target, token, abuse.body);
        const key = `${abuse.kind}: ${outcome}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    });
    const loaded = await probe(target, token, seconds);
    stop = true;
    await Promise.all(abusers);

    const idleMedian = percentile(idle, 0.5);
    const loadedMedian = percentile(loaded, 0.5);
    const ratio = loadedMedian / idleMedian;
    const abusive = [...answers.values()].reduce((sum, n) => sum + n, 0);
    const byKind = [...answers.entries()].map(([key, n]) => `${key} ${n}`).join(", ");
    const figures =
      `probe median ${idleMedian.toFixed(1)} ms idle (p90 ${percentile(idle, 0.9).toFixed(1)}, ${idle.length} requests), ` +
      `${loadedMedian.toFixed(1)} ms under ${clients} abusive clients (p90 ${percentile(loaded, 0.9).toFixed(1)}, ${loaded.length} requests): ` +
      `${ratio.toFixed(2)}x idle (target: within 2x); ${abusive} abusive requests in ${seconds} s (${byKind})`;
    process.stdout.write(`${figures}\n`);
    recordRun(`npm run abuse -- --seconds ${seconds} --clients ${clients}`, figures);
    if (!target.alive()) process.exitCode = 1;
  } finally {
    await target.stop();
  }
}

runScript("npm run abuse", main);
