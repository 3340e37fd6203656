import { Random, WeightedList } from "../src/generate/random";
import {
  graphCounts,
  waitUntilReady,
  recordRun,
  runScript,
  serverMemory,
  startTarget,
} from "./spawned-server";
import type { Claims, Target } from "./spawned-server";
import { readWholeNumberFlags } from "./support";

/**
 * `npm run fuzz`: a few thousand malformed requests against the server on loopback: mangled and
 * random documents, hostile variables and ids, mutations with invalid input, broken HTTP
 * (bodies, methods, headers, tokens) and operations over every limit. Every answer must be JSON
 * with GraphQL errors that all carry a code (or plain data), none INTERNAL_SERVER_ERROR; the
 * server must stay up with /health 200; and the graph must be unchanged, node for node and
 * property for property. Prints the figures, appends a line to BENCHMARKS.md, exits non-zero on a
 * failure. Flags: --cases N (default 3000) --seed N.
 */

interface Case {
  kind: string;
  method: string;
  /** Query string of the URL, with its `?`; empty for none. */
  search: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

const ADMIN: Claims = { sub: "fuzz-admin", role: "ADMIN" };

const VALID_QUERIES = [
  `query($first: Int, $after: String, $where: PartnerFilter) { partners(first: $first, after: $after, where: $where) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`,
  `query($first: Int, $after: String, $where: CustomerFilter) { customers(first: $first, after: $after, where: $where) { totalCount edges { node { id name country } } } }`,
  `query($id: ID!) { partner(id: $id) { id name role tenants { id } resellers { id } providers(state: ACTIVE) { id } customers(first: 5) { totalCount } } }`,
  `query($id: ID!) { customer(id: $id) { id name tenants { id servedBy { relation partner { id } via { id } } } } }`,
  `query($id: ID!) { tenant(id: $id) { id domain owner { ... on Partner { id } ... on Customer { id } } } }`,
  `query($customerId: ID!, $workload: Workload) { whoServes(customerId: $customerId, workload: $workload) { relation workload partner { id } } }`,
  `query($customerId: ID!, $maxHops: Int) { distributionChains(customerId: $customerId, maxHops: $maxHops) { partners { id } hops { type from to } } }`,
  `query($input: EdgeInput!) { validateEdge(input: $input) { allowed violations { rule message } } }`,
  `query($first: Int, $after: String) { policyAudit(first: $first, after: $after) { totalCount edges { node { rule } } } }`,
  `{ policyRules { id severity appliesTo } }`,
];

const MUTATIONS = {
  createEdge: `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to } }`,
  removeEdge: `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`,
  upsertPartner: `mutation($input: PartnerInput!) { upsertPartner(input: $input) { id } }`,
  upsertCustomer: `mutation($input: CustomerInput!) { upsertCustomer(input: $input) { id } }`,
  upsertTenant: `mutation($input: TenantInput!) { upsertTenant(input: $input) { id } }`,
};

const HOSTILE_STRINGS = [
  "",
  " ",
  "' OR 1=1 --",
  '"}) MATCH (n) DETACH DELETE n //',
  "` MATCH (n) DETACH DELETE n",
  "${process.exit()}",
  "../../../../etc/passwd",
  "\u0000",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\u200b\u200b",
  "😀🔥",
  "P-100\n",
  "P-100; DROP",
  "%00%27",
  "<script>alert(1)</script>",
  "0".repeat(300),
  "x".repeat(20_000),
  "eyJhIjoxfQ",
  "WyJhMSIsIlAtMSJd",
  "00000000-0000-0000-0000-00000000000g",
  "2025-02-30",
  "9999-99-99",
  "-1",
  "NaN",
  "Infinity",
  "null",
  "__proto__",
  "constructor",
];

const VOCABULARY = [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ":",
  "!",
  "$",
  "@",
  "...",
  "=",
  "|",
  "&",
  ",",
  "query",
  "mutation",
  "subscription",
  "fragment",
  "on",
  "true",
  "false",
  "null",
  "partner",
  "partners",
  "customer",
  "customers",
  "tenant",
  "whoServes",
  "distributionChains",
  "validateEdge",
  "policyAudit",
  "policyRules",
  "createEdge",
  "removeEdge",
  "upsertPartner",
  "id",
  "name",
  "edges",
  "node",
  "totalCount",
  "first",
  "after",
  "input",
  "where",
  "Partner",
  "Customer",
  "EdgeInput",
  "Int",
  "ID",
  "String",
  "__schema",
  "__type",
  "__typename",
  "@skip",
  "@include(if: true)",
  "1",
  "-1",
  "3.14",
  "1e999",
  '"P-100"',
  '"""block"""',
  "$id",
  "#c\n",
];

/** `count` cases drawn from `random`: the same seed gives the same cases, to replay a failure. */
function makeCases(count: number, random: Random, token: string): Case[] {
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const int = (max: number): number => random.int(0, max - 1);
  const auth = { authorization: `Bearer ${token}` };
  const json = (payload: unknown, kind: string, headers: Record<string, string> = auth): Case => ({
    kind,
    method: "POST",
    search: "",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });
  const hostileValue = (): unknown => {
    switch (int(10)) {
      case 0:
        return null;
      case 1:
        return pick([0, -1, 1.5, 2 ** 31, -(2 ** 53), 1e308, 101, 1000]);
      case 2:
        return random.next() < 0.5;
      case 3:
        return [pick(HOSTILE_STRINGS), int(5)];
      case 4:
        return { nested: { deeper: pick(HOSTILE_STRINGS) }, ["__proto__"]: { polluted: true } };
      default:
        return pick(HOSTILE_STRINGS);
    }
  };
  const mangle = (text: string): string => {
    let out = text;
    for (let edits = 1 + int(5); edits > 0; edits--) {
      const at = int(out.length + 1);
      switch (int(4)) {
        case 0:
          out = out.slice(0, at) + out.slice(at + 1 + int(8));
          break;
        case 1:
          out = out.slice(0, at) + pick(VOCABULARY) + out.slice(at);
          break;
        case 2:
          out =
            out.slice(0, at) +
            pick(['"', "\\", "{", "}", "(", "\u0000", "\ud800", "🔥", "\n"]) +
            out.slice(at);
          break;
        default:
          out = out.slice(0, at) + out.slice(int(out.length), int(out.length)) + out.slice(at);
      }
    }
    return out;
  };
  const invalidCountry = (): string => pick(["ZZ", "us", "USA", "", "1", "🇺🇸", "U"]);
  const generators: [number, () => Case][] = [
    // Documents with a few characters or tokens broken.
    [
      25,
      () =>
        json(
          { query: mangle(pick(VALID_QUERIES)), variables: { id: "P-100" } },
          "mangled document",
        ),
    ],
    // Random sequences of GraphQL tokens and names of the schema.
    [
      10,
      () =>
        json(
          { query: Array.from({ length: 1 + int(60) }, () => pick(VOCABULARY)).join(" ") },
          "token soup",
        ),
    ],
    // Valid operations with hostile variables, ids and cursors.
    [
      25,
      () => {
        const variables: Record<string, unknown> = {};
        for (const name of [
          "id",
          "first",
          "after",
          "where",
          "customerId",
          "workload",
          "maxHops",
          "input",
        ]) {
          if (random.next() < 0.6) variables[name] = hostileValue();
        }
        return json(
          {
            query: pick(VALID_QUERIES),
            variables: random.next() < 0.05 ? pick(["str", [1], 7]) : variables,
          },
          "hostile variables",
        );
      },
    ],
    // Ids inlined as string literals, escapes and all.
    [
      5,
      () =>
        json(
          {
            query: `{ partner(id: ${JSON.stringify(pick(HOSTILE_STRINGS))}) { id } tenant(id: ${JSON.stringify(pick(HOSTILE_STRINGS))}) { id } }`,
          },
          "inline ids",
        ),
    ],
    // Writes that must all be refused: every one carries an invalid field or a missing node.
    [
      15,
      () => {
        const garbageId = `${pick(HOSTILE_STRINGS)}-${int(1e6)}`;
        switch (int(5)) {
          case 0:
            return json(
              {
                query: MUTATIONS.createEdge,
                variables: {
                  input: {
                    type: pick([
                      "SUPPLIES",
                      "RESELLS_FOR",
                      "SERVES_WORKLOAD",
                      "PROVISIONS",
                      "BOGUS",
                    ]),
                    from: garbageId,
                    to: random.next() < 0.5 ? "P-200" : garbageId,
                    workload: random.next() < 0.5 ? pick(["AZURE", "nope"]) : undefined,
                    since: random.next() < 0.5 ? pick(HOSTILE_STRINGS) : undefined,
                    subscriptionId: random.next() < 0.5 ? hostileValue() : undefined,
                  },
                },
              },
              "invalid write",
            );
          case 1:
            return json(
              {
                query: MUTATIONS.removeEdge,
                variables: { input: { type: "SUPPLIES", from: garbageId, to: hostileValue() } },
              },
              "invalid write",
            );
          case 2:
            return json(
              {
                query: MUTATIONS.upsertPartner,
                variables: {
                  input: {
                    id: random.next() < 0.5 ? garbageId : "P-100",
                    name: pick(HOSTILE_STRINGS),
                    role: pick(["DIRECT_BILL", "KING"]),
                    cloud: "PUBLIC",
                    country: invalidCountry(),
                    markets: [invalidCountry()],
                    mpaSigned: hostileValue(),
                  },
                },
              },
              "invalid write",
            );
          case 3:
            return json(
              {
                query: MUTATIONS.upsertCustomer,
                variables: {
                  input: {
                    id: garbageId,
                    name: pick(HOSTILE_STRINGS),
                    cloud: pick(["PUBLIC", "MOON"]),
                    country: invalidCountry(),
                  },
                },
              },
              "invalid write",
            );
          default:
            return json(
              {
                query: MUTATIONS.upsertTenant,
                variables: {
                  input: {
                    id: pick(["not-a-guid", "00000000-0000-0000-0000-00000000000g", garbageId]),
                    domain: pick(HOSTILE_STRINGS),
                    purpose: pick(["CSP", "EVIL"]),
                    cloud: "PUBLIC",
                    country: pick(["US", "ZZ"]),
                    ownerId: "P-100",
                  },
                },
              },
              "invalid write",
            );
        }
      },
    ],
    // Broken HTTP: bodies, content types, methods, tokens.
    [
      12,
      () => {
        const query = pick(VALID_QUERIES);
        switch (int(12)) {
          case 0:
            return {
              kind: "http",
              method: "POST",
              search: "",
              headers: { "content-type": "application/json", ...auth },
              body: `{"query": ${JSON.stringify(query).slice(0, int(40))}`,
            };
          case 1:
            return {
              kind: "http",
              method: "POST",
              search: "",
              headers: { "content-type": "text/plain", ...auth },
              body: JSON.stringify({ query }),
            };
          case 2:
            return {
              kind: "http",
              method: "POST",
              search: "",
              headers: { "content-type": "application/json", ...auth },
              body: "",
            };
          case 3:
            return json([{ query }, { query }], "http");
          case 4:
            return json({ query: 42, variables: [] }, "http");
          case 5:
            return json({ query, operationName: pick(["Nope", "", "__proto__"]) }, "http");
          case 6:
            return {
              kind: "http",
              method: "GET",
              // URLSearchParams, unlike encodeURIComponent, takes lone surrogates (as U+FFFD).
              search: `?${new URLSearchParams({ query: mangle(query), variables: pick(HOSTILE_STRINGS) }).toString()}`,
              headers: { "apollo-require-preflight": "true", ...auth },
              body: undefined,
            };
          case 7:
            return {
              kind: "http",
              method: "POST",
              search: "",
              headers: { "content-type": "application/json", ...auth },
              body: new Uint8Array([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d]),
            };
          case 8:
            return json({ query }, "http", {});
          case 9:
            return json({ query }, "http", {
              authorization: pick([
                "Bearer",
                "Bearer x.y.z",
                `Basic ${token}`,
                `Bearer ${token}x`,
                "Bearer " + "a".repeat(5000),
              ]),
            });
          case 10:
            return {
              kind: "http",
              method: pick(["PUT", "DELETE", "PATCH"]),
              search: "",
              headers: { "content-type": "application/json", ...auth },
              body: JSON.stringify({ query }),
            };
          default:
            return json({ query, variables: { pad: "x".repeat(1_000_001) } }, "http");
        }
      },
    ],
    // Over each limit.
    [
      8,
      () => {
        switch (int(5)) {
          case 0: {
            const levels = 13 + int(30);
            return json(
              {
                query: `{ partner(id: "P-100") { ${"resellers { ".repeat(levels)}id${" }".repeat(levels)} } }`,
              },
              "limits",
            );
          }
          case 1:
            return json(
              {
                query: `{ ${Array.from({ length: 31 + int(300) }, (_, i) => `a${i}: partner(id: "P-100") { id }`).join(" ")} }`,
              },
              "limits",
            );
          case 2: {
            const depth = 20 + int(20);
            const fragments = Array.from(
              { length: depth },
              (_, i) => `fragment F${i} on Partner { ...F${i + 1} ...F${i + 1} }`,
            ).join(" ");
            return json(
              {
                query: `{ partner(id: "P-100") { ...F0 } } ${fragments} fragment F${depth} on Partner { id }`,
              },
              "limits",
            );
          }
          case 3:
            return json(
              { query: `{ partner(id: "P-100") { ${"id ".repeat(5_001 + int(20_000))} } }` },
              "limits",
            );
          default:
            return json(
              {
                query: `{ partners(first: 100) { edges { node { customers(first: 100) { edges { node { tenants { servedBy { partner { resellers { id } } } } } } } } } } }`,
              },
              "limits",
            );
        }
      },
    ],
  ];
  const byWeight = new WeightedList<() => Case>();
  for (const [weight, make] of generators) byWeight.add(make, weight);
  return Array.from({ length: count }, () => {
    const make = byWeight.pick(random);
    if (make === undefined) throw new Error("no case generators");
    return make();
  });
}

interface Verdict {
  /** The first error's code, "data" for a valid answer, or what was wrong with the answer. */
  outcome: string;
  acceptable: boolean;
}

async function send(target: Target, testCase: Case): Promise<Verdict> {
  let text: string;
  let status: number;
  try {
    const response = await fetch(`${target.url}${testCase.search}`, {
      method: testCase.method,
      headers: testCase.headers,
      body: testCase.body,
    });
    status = response.status;
    text = await response.text();
  } catch {
    return { outcome: "NO_RESPONSE", acceptable: false };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { outcome: `NOT_JSON (HTTP ${status})`, acceptable: false };
  }
  const errors = (body as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const codes = errors.map((error: unknown) => {
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      return typeof code === "string" ? code : null;
    });
    if (codes.some((code) => code === null))
      return { outcome: "ERROR_WITHOUT_CODE", acceptable: false };
    const first = codes[0] ?? "";
    return { outcome: first, acceptable: !codes.includes("INTERNAL_SERVER_ERROR") };
  }
  const data = (body as { data?: unknown }).data;
  return typeof data === "object" && data !== null
    ? { outcome: "data", acceptable: status === 200 }
    : { outcome: `NEITHER_DATA_NOR_ERRORS (HTTP ${status})`, acceptable: false };
}

const WORKERS = 8;

async function main(): Promise<void> {
  const { cases: count, seed } = readWholeNumberFlags(
    process.argv.slice(2),
    { cases: 3000, seed: Date.now() % 2 ** 31 },
    "usage: npm run fuzz -- [--cases N] [--seed N]",
  );
  process.stdout.write("Starting the server and its Neo4j...\n");
  const target = await startTarget();
  try {
    const before = target.neo4jUri === null ? null : await graphCounts(target.neo4jUri);
    const memoryBefore = await serverMemory(target.url);
    const cases = makeCases(count, new Random(seed), target.sign(ADMIN));
    process.stdout.write(
      `Sending ${count} malformed requests (seed ${seed}) to ${target.url}...\n`,
    );
    const outcomes = new Map<string, number>();
    const failures: { kind: string; outcome: string; body: string }[] = [];
    const started = Date.now();
    let nextCase = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let index = nextCase++; index < cases.length; index = nextCase++) {
          const testCase = cases[index];
          if (testCase === undefined) break;
          const verdict = await send(target, testCase);
          outcomes.set(verdict.outcome, (outcomes.get(verdict.outcome) ?? 0) + 1);
          if (!verdict.acceptable) {
            const body =
              typeof testCase.body === "string"
                ? testCase.body.slice(0, 300)
                : `${testCase.method} ${testCase.search.slice(0, 300)}`;
            failures.push({ kind: testCase.kind, outcome: verdict.outcome, body });
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const after = target.neo4jUri === null ? null : await graphCounts(target.neo4jUri);
    const memoryAfter = await serverMemory(target.url);
    const health = await waitUntilReady(target.url);
    const alive = target.alive();
    const unchanged =
      before === null || after === null ? null : JSON.stringify(before) === JSON.stringify(after);
    const byOutcome = [...outcomes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, n]) => `${outcome} ${n}`)
      .join(", ");
    process.stdout.write(
      [
        `${count} requests in ${seconds.toFixed(1)} s; answers by first error code: ${byOutcome}`,
        `unacceptable answers: ${failures.length}`,
        ...failures
          .slice(0, 10)
          .map((failure) => `  ${failure.kind}: ${failure.outcome} for ${failure.body}`),
        `graph before: ${JSON.stringify(before)}, after: ${JSON.stringify(after)} (${unchanged === null ? "not checked" : unchanged ? "unchanged" : "CHANGED"})`,
        `server alive: ${alive}, /health: ${health}; memory (RSS / heap used, MiB) ${memoryBefore.rssMb}/${memoryBefore.heapUsedMb} → ${memoryAfter.rssMb}/${memoryAfter.heapUsedMb}`,
        "",
      ].join("\n"),
    );
    const verdict =
      failures.length === 0 && alive && health === 200 && unchanged !== false ? "ok" : "FAILED";
    recordRun(
      "npm run fuzz",
      `${count} requests (seed ${seed}) in ${seconds.toFixed(0)} s; ` +
        `answers by first error code: ${byOutcome}; unacceptable ${failures.length}; ` +
        `graph ${unchanged === null ? "not checked" : unchanged ? `unchanged (${before?.nodes} nodes, ${before?.relationships} relationships)` : "CHANGED"}; ` +
        `server up, /health ${health}; server RSS ${memoryBefore.rssMb} → ${memoryAfter.rssMb} MiB, heap used ${memoryBefore.heapUsedMb} → ${memoryAfter.heapUsedMb} MiB; ${verdict}`,
    );
    for (const line of target.errorLines().slice(0, 5)) process.stderr.write(`server: ${line}\n`);
    if (verdict !== "ok") process.exitCode = 1;
  } finally {
    await target.stop();
  }
}

runScript("npm run fuzz", main);
