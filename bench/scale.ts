import type { LocalNeo4j } from "../src/db/local-neo4j";
import type { ServerChild } from "./children";
import { ask, interleavedP50s, scaleSampling, warmUp } from "./load";
import { OPERATIONS, requestFor } from "./operations";
import type { BenchIds, BenchRequest } from "./operations";
import { pickScaleCustomer } from "./pick";
import { benchDriver } from "./servers/direct";
import { median, pairedRatio } from "./stats";

/**
 * The operations the scale curve follows: they read one customer's neighbourhood (its serving
 * edges, its chains, its GDAP relationships).
 */
export const SCALE_OPERATIONS = ["Q2", "Q4", "Q7"] as const;
export type ScaleOperation = (typeof SCALE_OPERATIONS)[number];

/** One operation at one graph size. */
export interface ScaleSample {
  /** The median of `rounds`. */
  p50Ms: number;
  /** The p50 of each round, in round order: round i of every size ran within the same minute. */
  rounds: number[];
  /** What the answer held (services for Q2, chains for Q4), to show the work is alike. */
  answer: string;
}

export interface ScalePoint {
  customers: number;
  importSeconds: number | null;
  reused: boolean;
  customerId: string | null;
  samples: Partial<Record<ScaleOperation, ScaleSample>>;
  /** Why this size has no figures (it did not import or start), or null. */
  note: string | null;
}

/** A size's database, opened by the caller (imported now or kept from an earlier run). */
export interface ScaleChannel {
  local: LocalNeo4j;
  importSeconds: number | null;
  reused: boolean;
}

export interface ScaleDeps {
  /** Opens (imports when needed) the channel of this many customers. */
  open: (customers: number) => Promise<ScaleChannel>;
  /** Starts our server against `uri`, logging into a file named after `customers`. */
  startOurs: (uri: string, customers: number) => Promise<ServerChild>;
  log: (line: string) => void;
}

/** A size whose database and server run, with the requests it is timed on. */
interface LiveSize {
  point: ScalePoint;
  channel: ScaleChannel;
  server: ServerChild | null;
  requests: Partial<Record<ScaleOperation, BenchRequest>>;
}

/**
 * The scale curve: p50 of Q2 and Q4, one request at a time, at every size in `sizes`.
 *
 * All sizes run at once (a Neo4j and our server each) and are timed in rounds: in each round,
 * for each operation, every size answers `requests` requests, the sizes taking turns in short
 * bursts. Measured one size after another, the curve swung 2–4x between runs of the same code (Q2
 * at 1,000,000 customers 1.32 ms in one run, 6.14 ms in the next), because a slow stretch of a
 * shared machine fell on whichever size was running then. Taking turns, a slow stretch falls on
 * all sizes alike, and a ratio between sizes is taken round by round (see `scaleRatio`).
 */
export async function measureScaleCurve(
  sizes: readonly number[],
  quick: boolean,
  deps: ScaleDeps,
): Promise<ScalePoint[]> {
  const { log } = deps;
  const sampling = scaleSampling(quick);
  const failed: ScalePoint[] = [];
  const live: LiveSize[] = [];
  try {
    // Largest first: should the largest graph still have to be imported (minutes, gigabytes of
    // memory), that happens before the smaller databases hold their share of the memory.
    for (const customers of [...sizes].sort((a, b) => b - a)) {
      try {
        live.push(await startSize(customers, deps));
      } catch (error) {
        const note = (error as Error).message.split("\n")[0] ?? "failed";
        log(`scale ${customers} not completed: ${note}`);
        failed.push(emptyPoint(customers, note));
      }
    }
    live.sort((a, b) => a.point.customers - b.point.customers);

    for (const size of live) {
      for (const id of SCALE_OPERATIONS) {
        const request = size.requests[id];
        if (request === undefined || size.server === null) continue;
        const warm = await warmUp(size.server.url, request, sampling.warmUp);
        log(
          `scale ${size.point.customers} ${id}: ${warm.settled ? "times settled" : "times still moving"} after ${warm.seconds.toFixed(0)} s of warm-up`,
        );
      }
    }

    for (let round = 0; round < sampling.rounds; round++) {
      for (const id of SCALE_OPERATIONS) {
        const timed = live.flatMap((size) => {
          const request = size.requests[id];
          const sample = size.point.samples[id];
          return size.server === null || request === undefined || sample === undefined
            ? []
            : [{ url: size.server.url, request, sample }];
        });
        const p50s = await interleavedP50s(timed, sampling.requests, sampling.burst);
        timed.forEach((target, index) => target.sample.rounds.push(p50s[index] ?? Number.NaN));
      }
    }
    for (const size of live) {
      for (const id of SCALE_OPERATIONS) {
        const sample = size.point.samples[id];
        if (sample !== undefined) sample.p50Ms = median(sample.rounds);
      }
      const figures = SCALE_OPERATIONS.map((id) => {
        const sample = size.point.samples[id];
        return `${id} p50 ${sample?.p50Ms.toFixed(2)} ms (${sample?.answer})`;
      });
      log(`scale ${size.point.customers}: ${figures.join(", ")}`);
    }
  } finally {
    for (const size of live) {
      await size.server?.stop();
      await size.channel.local.stop();
    }
  }
  return [...live.map((size) => size.point), ...failed].sort((a, b) => a.customers - b.customers);
}

async function startSize(customers: number, deps: ScaleDeps): Promise<LiveSize> {
  const channel = await deps.open(customers);
  const size: LiveSize = {
    point: {
      ...emptyPoint(customers, null),
      importSeconds: channel.importSeconds,
      reused: channel.reused,
    },
    channel,
    server: null,
    requests: {},
  };
  try {
    const driver = benchDriver(channel.local.uri);
    const customer = await pickScaleCustomer(driver).finally(() => driver.close());
    size.point.customerId = customer.id;
    // The scale operations read only the customer; the other ids are not used by them.
    const ids: BenchIds = {
      providerId: "",
      customerId: customer.id,
      allowedEdge: {},
      provisionPairs: [],
    };
    size.server = await deps.startOurs(channel.local.uri, customers);
    for (const id of SCALE_OPERATIONS) {
      const operation = OPERATIONS.find((candidate) => candidate.id === id);
      const request = operation === undefined ? null : requestFor(operation, "ours", ids, () => 0);
      if (request === null) continue;
      const answer = await ask(size.server.url, id, request);
      size.requests[id] = request;
      size.point.samples[id] = { p50Ms: Number.NaN, rounds: [], answer: answer.summary };
    }
    return size;
  } catch (error) {
    await size.server?.stop();
    await channel.local.stop();
    throw error;
  }
}

function emptyPoint(customers: number, note: string | null): ScalePoint {
  return {
    customers,
    importSeconds: null,
    reused: false,
    customerId: null,
    samples: {},
    note,
  };
}

/**
 * How much slower `id` is at the largest measured size than at the smallest: the median over
 * rounds of the ratio of the two sizes' p50s in the same round; null when fewer than two sizes
 * have figures.
 */
export function scaleRatio(
  points: readonly ScalePoint[],
  id: ScaleOperation,
): { value: number; largest: number; smallest: number } | null {
  const measured = points.filter((point) => (point.samples[id]?.rounds.length ?? 0) > 0);
  const smallest = measured[0];
  const largest = measured.at(-1);
  if (smallest === undefined || largest === undefined || smallest === largest) return null;
  return {
    value: pairedRatio(largest.samples[id]?.rounds ?? [], smallest.samples[id]?.rounds ?? []),
    largest: largest.customers,
    smallest: smallest.customers,
  };
}
