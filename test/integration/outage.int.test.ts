import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp } from "../../src/app";
import type { RunningApp } from "../../src/app";
import { findFreePort, startLocalNeo4j } from "../../src/db/local-neo4j";
import type { LocalNeo4j } from "../../src/db/local-neo4j";
import { PROJECT_ROOT } from "../../src/config";
import { createLogger } from "../../src/logger";
import { testConfig } from "../support/harness";

const QUERY = JSON.stringify({ query: `{ partner(id: "P-100") { id name } }` });
const CLIENTS = 4;
// Latencies while Neo4j is down go to test-artifacts/outage.json and BENCHMARKS.md, not into
// assertions: the suite asserts outcomes (every request answered DATABASE_UNAVAILABLE, many of
// them in the window, /health 503), never speed on a shared machine.
const RECOVERY_BOUND_MS = 15_000;

interface Sample {
  startedAt: number;
  ms: number;
  outcome: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Clients that keep asking for one partner, each outcome and latency recorded. */
function startTraffic(url: string): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let running = true;
  const client = async (): Promise<void> => {
    while (running) {
      const startedAt = Date.now();
      let outcome: string;
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: QUERY,
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        outcome = body.errors?.[0]?.extensions?.code ?? "ok";
      } catch {
        outcome = "NO_RESPONSE";
      }
      samples.push({ startedAt, ms: Date.now() - startedAt, outcome });
      await sleep(10);
    }
  };
  const clients = Array.from({ length: CLIENTS }, client);
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** The latency at rank `q` (0..1) of the samples, nearest rank. */
const rank = (samples: Sample[], q: number): number => {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

const outcomes = (samples: Sample[]): Record<string, number> =>
  samples.reduce<Record<string, number>>((counts, sample) => {
    counts[sample.outcome] = (counts[sample.outcome] ?? 0) + 1;
    return counts;
  }, {});

describe("a Neo4j outage under traffic", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-outage-"));
  const neo4jOptions = { dir, heapMb: 512, pagecacheMb: 64 };
  let local: LocalNeo4j | undefined;
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.stop();
    await local?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fails fast with DATABASE_UNAVAILABLE while Neo4j is down, and recovers by itself", async () => {
    const circuitChanges: { at: number; msg: string }[] = [];
    const port = await findFreePort();
    local = await startLocalNeo4j({ ...neo4jOptions, port });
    app = await startApp(
      {
        ...testConfig(),
        demoData: true,
        database: {
          kind: "remote",
          uri: local.uri,
          user: "neo4j",
          password: "",
          database: "neo4j",
        },
      },
      () => undefined,
      createLogger("info", {
        write: (line: string) => {
          const { msg } = JSON.parse(line) as { msg: string };
          if (/^Neo4j /.test(msg)) circuitChanges.push({ at: Date.now(), msg });
        },
      }),
    );
    const health = app.url.replace("/graphql", "/health");
    const traffic = startTraffic(app.url);
    // The first queries of a cold database take seconds; measure the outage on a warm one.
    while (traffic.samples.filter((sample) => sample.outcome === "ok").length < 40) {
      await sleep(50);
    }

    const stopStarted = Date.now();
    await local.stop();
    local = undefined;
    const stopped = Date.now();
    await sleep(3_000);

    const healthStarted = Date.now();
    const downHealth = await fetch(health);
    const healthMs = Date.now() - healthStarted;

    const restartStarted = Date.now();
    local = await startLocalNeo4j({ ...neo4jOptions, port });
    const restarted = Date.now();
    let recoveredAt: number | null = null;
    while (recoveredAt === null && Date.now() - restarted < RECOVERY_BOUND_MS) {
      const ok = traffic.samples.find(
        (sample) => sample.startedAt >= restarted && sample.outcome === "ok",
      );
      if (ok !== undefined) recoveredAt = ok.startedAt + ok.ms;
      else await sleep(50);
    }
    await sleep(1_000);
    await traffic.stop();
    const upHealth = await fetch(health);

    // Requests in flight while Neo4j stops may fail either way; those before and after may not.
    const before = traffic.samples.filter((sample) => sample.startedAt + sample.ms < stopStarted);
    const down = traffic.samples.filter(
      (sample) => sample.startedAt >= stopped && sample.startedAt < restartStarted,
    );
    const afterRecovery = traffic.samples.filter(
      (sample) => recoveredAt !== null && sample.startedAt >= recoveredAt,
    );
    const figures = {
      neo4jStopMs: stopped - stopStarted,
      neo4jRestartMs: restarted - restartStarted,
      before: outcomes(before),
      whileDown: outcomes(down),
      whileDownMaxMs: Math.max(...down.map((sample) => sample.ms)),
      whileDownMedianMs: rank(down, 0.5),
      whileDownP99Ms: rank(down, 0.99),
      healthWhileDown: { status: downHealth.status, ms: healthMs },
      recoveryMsAfterRestart: recoveredAt === null ? null : recoveredAt - restarted,
      circuit: circuitChanges.map(({ at, msg }) => ({ msAfterStopStarted: at - stopStarted, msg })),
      restartedMsAfterStopStarted: restarted - stopStarted,
      firstOkAfterRestart: traffic.samples
        .filter((sample) => sample.startedAt >= restarted && sample.outcome === "ok")
        .slice(0, 1)
        .map((sample) => ({ startedMs: sample.startedAt - restarted, ms: sample.ms })),
      afterRecovery: outcomes(afterRecovery),
      all: outcomes(traffic.samples),
    };
    // Figures for BENCHMARKS.md; not assertions on speed beyond the fail-fast bound.
    const artifacts = path.join(PROJECT_ROOT, "test-artifacts");
    fs.mkdirSync(artifacts, { recursive: true });
    fs.writeFileSync(path.join(artifacts, "outage.json"), JSON.stringify(figures, null, 2));

    expect(outcomes(before)).toEqual({ ok: before.length });
    expect(down.length).toBeGreaterThan(20);
    expect(outcomes(down)).toEqual({ DATABASE_UNAVAILABLE: down.length });
    expect(downHealth.status).toBe(503);

    expect(recoveredAt).not.toBeNull();
    expect(outcomes(afterRecovery)).toEqual({ ok: afterRecovery.length });
    expect(upHealth.status).toBe(200);
    // Nothing else than ok and DATABASE_UNAVAILABLE at any time, and no dropped connection.
    expect(Object.keys(figures.all).sort()).toEqual(["DATABASE_UNAVAILABLE", "ok"]);
  });
});
