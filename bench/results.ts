import type { ProcessMemory } from "./children";
import type { Answer, RunResult } from "./load";
import type { BenchIds, Operation, OperationId, ServerKind } from "./operations";
import type { PickedShape } from "./pick";
import type { ScalePoint } from "./scale";
import { geometricMean, ratio } from "./stats";

/**
 * What one `npm run bench` measured: written by the runner (run.ts), read by the report
 * (report.ts), so that neither imports the other.
 */

export interface Settings {
  customers: number;
  seed: number;
  quick: boolean;
  connections: number[];
  repeats: number;
  seconds: number;
  warmupSeconds: number;
  scale: number[];
  heapMb: number;
  pagecacheMb: number;
  resellers: number;
  cache: string | null;
  importTimeoutMinutes: number;
  /** Whether to write the figures into BENCHMARKS.md (`--record false` for trial runs). */
  record: boolean;
  /** `--prepare 1000000,...`: only import these sizes into --cache, for later runs, and stop. */
  prepare: number[];
  /**
   * `--only Q1,Q2,scale`: measure just these operations, and the scale curve when `scale` is one
   * of them (a trial run; BENCHMARKS.md is not written).
   */
  only: (OperationId | "scale")[] | null;
  /** `--compare DIR`: a built checkout of this project whose server runs beside ours. */
  compare: { dir: string; commit: string } | null;
}

export interface Cell {
  runs: RunResult[];
  /** The server process's CPU time over these runs, per request served (ms). */
  cpuMsPerRequest: number;
  /** Neo4j's (the JVM's) CPU time over these runs, per request served (ms). */
  neo4jCpuMsPerRequest: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

export interface OperationResult {
  operation: Operation;
  /** Per server: statements per request and the answer's summary (from one checked request). */
  answers: Partial<Record<ServerKind, Answer>>;
  /** Per server, per connection count: the medians of the repeated runs. */
  cells: Partial<Record<ServerKind, Record<number, Cell>>>;
}

export interface ServerMemory {
  idle: ProcessMemory;
  after: ProcessMemory;
}

export interface BenchReport {
  settings: Settings;
  startedAt: Date;
  minutes: number;
  machine: Record<string, string>;
  versions: Record<string, string>;
  mainImport: { seconds: number | null; reused: boolean; rows: string };
  ids: BenchIds;
  shape: PickedShape;
  results: OperationResult[];
  memory: Partial<Record<ServerKind, ServerMemory>>;
  q6Created: Partial<Record<ServerKind, number>>;
  scale: ScalePoint[];
  loadAverage: { start: number[]; end: number[] };
}

/** The per-operation ratio: the geometric mean over connection counts of the median req/s ratios. */
export function throughputRatio(
  result: OperationResult,
  numerator: ServerKind,
  denominator: ServerKind,
): number {
  const mine = result.cells[numerator];
  const theirs = result.cells[denominator];
  if (mine === undefined || theirs === undefined) return Number.NaN;
  return geometricMean(
    Object.keys(mine).map((connections) =>
      ratio(
        mine[Number(connections)]?.requestsPerSecond ?? Number.NaN,
        theirs[Number(connections)]?.requestsPerSecond ?? Number.NaN,
      ),
    ),
  );
}

/**
 * The per-operation ratio of each repeat on its own (the repeats' runs interleave the servers,
 * so run i of one pairs with run i of the other), as `throughputRatio` combines connection
 * counts: its lowest and highest over the repeats say how far one run's ratio can be trusted.
 */
export function throughputRatioSpread(
  result: OperationResult,
  numerator: ServerKind,
  denominator: ServerKind,
): { lowest: number; highest: number } {
  const mine = result.cells[numerator];
  const theirs = result.cells[denominator];
  if (mine === undefined || theirs === undefined)
    return { lowest: Number.NaN, highest: Number.NaN };
  const connections = Object.keys(mine).map(Number);
  const repeats = Math.min(
    ...connections.flatMap((c) => [mine[c]?.runs.length ?? 0, theirs[c]?.runs.length ?? 0]),
  );
  const perRepeat = Array.from({ length: repeats }, (_, i) =>
    geometricMean(
      connections.map((c) =>
        ratio(
          mine[c]?.runs[i]?.requestsPerSecond ?? Number.NaN,
          theirs[c]?.runs[i]?.requestsPerSecond ?? Number.NaN,
        ),
      ),
    ),
  );
  if (perRepeat.length === 0) return { lowest: Number.NaN, highest: Number.NaN };
  return { lowest: Math.min(...perRepeat), highest: Math.max(...perRepeat) };
}
