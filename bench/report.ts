import fs from "node:fs";
import { chartFiles, writeCharts } from "./charts";
import type { RatioBar, ScaleSeries } from "./charts";
import { scaleSampling } from "./load";
import { SCALE_OPERATIONS, scaleRatio } from "./scale";
import { BENCHMARKS_FILE } from "./support";
import { OPERATIONS, SERVER_LABELS, SERVERS } from "./operations";
import type { OperationId, ServerKind } from "./operations";
import { throughputRatio, throughputRatioSpread } from "./results";
import type { BenchReport, Cell, OperationResult } from "./results";
import { geometricMean, pairedRatio, ratio } from "./stats";

export const SECTION_FULL = "Against the bare driver and the Neo4j GraphQL Library (npm run bench)";
export const SECTION_QUICK = "Quick run (npm run bench -- --quick)";

const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toFixed(digits) : "n/a";
const ms = (value: number): string => (Number.isFinite(value) ? `${value}` : "n/a");

function resultOf(report: BenchReport, id: OperationId): OperationResult | undefined {
  return report.results.find((result) => result.operation.id === id);
}

/** The final line the issue asks for: geometric means of the per-operation ratios. */
export function ratiosLine(report: BenchReport): {
  line: string;
  baseline: number;
  library: number;
} {
  const baseline = geometricMean(report.results.map((r) => throughputRatio(r, "ours", "baseline")));
  const library = geometricMean(
    report.results.map((r) => throughputRatio(r, "ours", "neo4jGraphql")),
  );
  return {
    line: `ratios: ours/baseline=${fixed(baseline, 2)} ours/neo4j-graphql=${fixed(library, 2)}`,
    baseline,
    library,
  };
}

interface Target {
  text: string;
  measured: string;
  met: boolean | null;
}

/**
 * A throughput-ratio target, met only when the ratio and the lowest of its repeats both meet
 * their bounds: a margin within the spread between runs is not a met target.
 */
export function ratioTarget(
  report: BenchReport,
  id: OperationId,
  other: ServerKind,
  bound: number,
  lowestBound: number,
): Target {
  const result = resultOf(report, id);
  const value = result === undefined ? Number.NaN : throughputRatio(result, "ours", other);
  const lowest =
    result === undefined ? Number.NaN : throughputRatioSpread(result, "ours", other).lowest;
  const name = other === "baseline" ? "the bare baseline's" : "@neo4j/graphql's";
  return {
    text: `${id}: ours ≥ ${bound} × ${name} req/s, its lowest repeat ≥ ${lowestBound}`,
    // Three decimals: at two, 0.845 reads as 0.85 beside a "no".
    measured: `${fixed(value, 3)} (lowest ${fixed(lowest, 3)})`,
    met:
      Number.isFinite(value) && Number.isFinite(lowest)
        ? value >= bound && lowest >= lowestBound
        : null,
  };
}

function targets(report: BenchReport): Target[] {
  const list: Target[] = [];
  for (const id of ["Q1", "Q2", "Q4", "Q5"] as const) {
    list.push(ratioTarget(report, id, "baseline", 0.85, 0.8));
  }
  list.push(ratioTarget(report, "Q5", "neo4jGraphql", 1.5, 1.5));
  const compared = report.results.filter((result) => result.cells.neo4jGraphql !== undefined);
  const library = geometricMean(
    compared.map((result) => throughputRatio(result, "ours", "neo4jGraphql")),
  );
  const libraryLowest = geometricMean(
    compared.map((result) => throughputRatioSpread(result, "ours", "neo4jGraphql").lowest),
  );
  list.push({
    text: "ours ≥ 2.0 × @neo4j/graphql's req/s, geometric mean over the operations it has (of their lowest repeats too)",
    measured: `${fixed(library, 3)} (lowest ${fixed(libraryLowest, 3)})`,
    met:
      Number.isFinite(library) && Number.isFinite(libraryLowest)
        ? library >= 2 && libraryLowest >= 2
        : null,
  });
  const q3 = resultOf(report, "Q3")?.answers.ours?.statements ?? null;
  list.push({
    text: "Q3: at most 3 Cypher statements per request",
    measured: q3 === null ? "n/a" : String(q3),
    met: q3 === null ? null : q3 <= 3,
  });
  for (const id of SCALE_OPERATIONS) {
    const curve = scaleRatio(report.scale, id);
    list.push({
      text: `${id}: p50 at 1,000,000 customers ≤ 1.3 × p50 at 10,000`,
      measured:
        curve === null
          ? "n/a"
          : `${fixed(curve.value, 2)} (${curve.largest.toLocaleString("en")} vs ${curve.smallest.toLocaleString("en")}; median of the rounds' ratios)`,
      met:
        curve !== null &&
        Number.isFinite(curve.value) &&
        curve.largest >= 1_000_000 &&
        curve.smallest === 10_000
          ? curve.value <= 1.3
          : null,
    });
  }
  list.push(...gdapTargets(report));
  return list;
}

/**
 * GDAP (issue 18): delegatedAdmins no slower than whoServes for the same customer, timed in the
 * scale curve's rounds (one request at a time, sub-millisecond clock) at the largest size; and
 * the expiring list's p50 at one connection within 20 ms on a graph of a million customers.
 */
function gdapTargets(report: BenchReport): Target[] {
  const largest = report.scale
    .filter(
      (point) =>
        (point.samples.Q2?.rounds.length ?? 0) > 0 && (point.samples.Q7?.rounds.length ?? 0) > 0,
    )
    .at(-1);
  const q7 =
    largest === undefined
      ? Number.NaN
      : pairedRatio(largest.samples.Q7?.rounds ?? [], largest.samples.Q2?.rounds ?? []);
  const q8Cell = resultOf(report, "Q8")?.cells.ours?.[1];
  const q8 = q8Cell?.p50Ms ?? Number.NaN;
  const millions = report.settings.customers >= 1_000_000;
  return [
    {
      text: "Q7: delegatedAdmins p50 ≤ whoServes (Q2) p50, same customer, same run",
      measured:
        largest === undefined
          ? "n/a"
          : `${fixed(largest.samples.Q7?.p50Ms ?? Number.NaN, 2)} vs ${fixed(largest.samples.Q2?.p50Ms ?? Number.NaN, 2)} ms at ${largest.customers.toLocaleString("en")} customers (Q7/Q2 ${fixed(q7, 2)}, median of the rounds' ratios)`,
      met: Number.isFinite(q7) ? q7 <= 1 : null,
    },
    {
      text: "Q8: expiringDelegatedAdmins(withinDays: 30, first: 20) p50 ≤ 20 ms at 1,000,000 customers",
      measured:
        q8Cell === undefined
          ? "n/a"
          : `${ms(q8)} ms at ${report.settings.customers.toLocaleString("en")} customers, 1 connection`,
      met: q8Cell !== undefined && millions ? q8 <= 20 : null,
    },
  ];
}

function operationTable(report: BenchReport): string[] {
  const { connections } = report.settings;
  const header = [
    "| op | server | statements/req | server CPU ms/req | Neo4j CPU ms/req | answer |",
    ...connections.map((c) => ` ${c} conn: req/s · p50 · p99 (ms) |`),
  ].join("");
  const lines = [header, `|---|---|---|---|---|---|${connections.map(() => "---|").join("")}`];
  for (const result of report.results) {
    for (const kind of SERVERS) {
      const cells = result.cells[kind];
      const answer = result.answers[kind];
      if (cells === undefined) continue;
      const statements =
        kind === "neo4jGraphql" ? "1 (one per root field)" : String(answer?.statements ?? "?");
      const columns = connections.map((c) => {
        const cell = cells[c];
        if (cell === undefined) return " – |";
        const failed = cell.failures > 0 ? ` (${cell.failures} failed)` : "";
        return ` ${fixed(cell.requestsPerSecond)} · ${ms(cell.p50Ms)} · ${ms(cell.p99Ms)}${failed} |`;
      });
      lines.push(
        `| ${result.operation.id} | ${labelOf(kind, report)} | ${statements} | ${fixed(cpuPerRequest(cells, "cpuMsPerRequest"), 2)} | ${fixed(cpuPerRequest(cells, "neo4jCpuMsPerRequest"), 2)} | ${answer?.summary ?? ""} |${columns.join("")}`,
      );
    }
  }
  return lines;
}

/** CPU ms per request over every measured run of every connection count. */
function cpuPerRequest(
  cells: Record<number, Cell>,
  field: "cpuMsPerRequest" | "neo4jCpuMsPerRequest",
): number {
  let requests = 0;
  let cpuMs = 0;
  for (const cell of Object.values(cells)) {
    const served = cell.runs.reduce((n, run) => n + run.requests, 0);
    requests += served;
    cpuMs += cell[field] * served;
  }
  return cpuMs / requests;
}

/** A server's name in the tables: the compared checkout is named by its commit. */
function labelOf(kind: ServerKind, report: BenchReport): string {
  const { compare } = report.settings;
  return kind === "oursBefore" && compare !== null
    ? `ours at ${compare.commit}`
    : SERVER_LABELS[kind];
}

/** A per-operation ratio with the lowest and highest of its repeats beside it. */
function ratioWithSpread(
  result: OperationResult,
  numerator: ServerKind,
  denominator: ServerKind,
): string {
  const { lowest, highest } = throughputRatioSpread(result, numerator, denominator);
  return `${fixed(throughputRatio(result, numerator, denominator), 2)} (${fixed(lowest, 2)}–${fixed(highest, 2)})`;
}

function ratioTable(report: BenchReport): string[] {
  const { connections } = report.settings;
  const compared = report.settings.compare !== null;
  const before = labelOf("oursBefore", report);
  const lines = [
    `| op | ours/baseline (lowest–highest) | ours/@neo4j/graphql (lowest–highest) | ours/baseline by connections (${connections.join(", ")}) | ours/@neo4j/graphql by connections |${compared ? ` ours/${before} (lowest–highest) | ${before}/baseline (lowest–highest) |` : ""}`,
    `|---|---|---|---|---|${compared ? "---|---|" : ""}`,
  ];
  for (const result of report.results) {
    const per = (other: ServerKind): string =>
      connections
        .map((c) =>
          fixed(
            ratio(
              result.cells.ours?.[c]?.requestsPerSecond ?? Number.NaN,
              result.cells[other]?.[c]?.requestsPerSecond ?? Number.NaN,
            ),
            2,
          ),
        )
        .join(" / ");
    const comparison = compared
      ? ` ${ratioWithSpread(result, "ours", "oursBefore")} | ${ratioWithSpread(result, "oursBefore", "baseline")} |`
      : "";
    lines.push(
      `| ${result.operation.id} | ${ratioWithSpread(result, "ours", "baseline")} | ${ratioWithSpread(result, "ours", "neo4jGraphql")} | ${per("baseline")} | ${per("neo4jGraphql")} |${comparison}`,
    );
  }
  return lines;
}

/** The figures the charts draw, from the same computations as the tables. */
export function chartFigures(report: BenchReport): { ratios: RatioBar[]; scale: ScaleSeries[] } {
  const ratios = report.results.map((result) => ({
    op: result.operation.id,
    vsBaseline: throughputRatio(result, "ours", "baseline"),
    vsLibrary: throughputRatio(result, "ours", "neo4jGraphql"),
  }));
  const scale = SCALE_OPERATIONS.map((id) => ({
    label: id,
    points: report.scale.flatMap((point) => {
      const sample = point.samples[id];
      if (point.note !== null || sample === undefined) return [];
      const rounds = sample.rounds.length > 0 ? sample.rounds : [Number.NaN];
      return [
        {
          customers: point.customers,
          p50Ms: sample.p50Ms,
          lowMs: Math.min(...rounds),
          highMs: Math.max(...rounds),
        },
      ];
    }),
  }));
  return { ratios, scale };
}

/**
 * Prints nothing; returns the Markdown section and writes it into BENCHMARKS.md, with its two
 * SVG charts beside it (bench/charts.ts).
 */
export function writeReport(report: BenchReport): string {
  const { settings } = report;
  const sampling = scaleSampling(settings.quick);
  const ratios = ratiosLine(report);
  const date = report.startedAt.toISOString().slice(0, 16).replace("T", " ");
  const charts = chartFiles(settings.quick);
  const titles = OPERATIONS.map((operation) => `${operation.id} ${operation.title}`).join("; ");
  const lines = [
    `Run ${date} UTC, ${fixed(report.minutes, 0)} min. Generated channel: ${settings.customers.toLocaleString("en")} customers, seed ${settings.seed} (${report.mainImport.rows}; ${report.mainImport.reused ? "graph kept from an earlier run, imported" : "imported"} in ${fixed(report.mainImport.seconds ?? Number.NaN)} s). Neo4j heap ${settings.heapMb} MiB, page cache ${settings.pagecacheMb} MiB.`,
    "",
    `Operations: ${titles}. Ids: provider ${report.ids.providerId} (${report.shape.providerResellers} ACTIVE resellers), customer ${report.ids.customerId} (${report.shape.customerTenants} tenants, ${report.shape.customerServices} serving edges), Q5 edge ${JSON.stringify(report.ids.allowedEdge)}, Q6: new PROVISIONS over ${report.ids.provisionPairs.length} (direct-bill partner, tenant) pairs.`,
    "",
    `Load: autocannon on loopback, ${settings.warmupSeconds} s warm-up per server and operation (discarded), then ${settings.repeats} runs of ${settings.seconds} s at each of ${settings.connections.join(", ")} connections, servers interleaved (the first changing from run to run); each cell is the median of its runs. CPU per request: the server process's, and Neo4j's while it served that server. Machine: ${Object.entries(
      report.machine,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ", ",
      )}; load average ${report.loadAverage.start.map((l) => l.toFixed(1)).join("/")} at the start, ${report.loadAverage.end.map((l) => l.toFixed(1)).join("/")} at the end (1/5/15 min; other developers' test runs share the machine).`,
    "",
    `Versions: ${Object.entries(report.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
    "",
    ...(settings.compare === null
      ? []
      : [
          `Compared: ${labelOf("oursBefore", report)} is this server built from the checkout ${settings.compare.dir} (commit ${settings.compare.commit}), interleaved with the others on Q1–Q5 against the same database.`,
          "",
        ]),
    ...operationTable(report),
    "",
    ...ratioTable(report),
    "",
    `![Throughput ratios per operation](${charts.ratios})`,
    "",
    `Q6 wrote ${Object.entries(report.q6Created)
      .map(([k, v]) => `${v} edges through ${SERVER_LABELS[k as ServerKind]}`)
      .join(", ")} (removed afterwards).`,
    "",
    "| server | RSS idle (MiB) | RSS after the load (MiB) | peak RSS (MiB) |",
    "|---|---|---|---|",
    ...SERVERS.flatMap((kind) => {
      const memory = report.memory[kind];
      return memory === undefined
        ? []
        : [
            `| ${labelOf(kind, report)} | ${fixed(memory.idle.rssMiB)} | ${fixed(memory.after.rssMiB)} | ${fixed(memory.after.peakRssMiB)} |`,
          ];
    }),
    "",
    `Scale curve (ours; one request at a time, timed in the benchmark with a sub-millisecond clock; every size's Neo4j and server running at once; ${sampling.rounds} rounds, in each of which the sizes take turns, ${sampling.burst} requests each, until each has answered ${sampling.requests} of the operation, after discarded ones until the p50 of two ${sampling.warmUp.windowSeconds} s windows in a row agreed within ${sampling.warmUp.settled * 100} % (at most ${sampling.warmUp.maxSeconds} s); p50 is the median of the rounds' p50s, the range their lowest and highest; the same customer shape at every size: 2 tenants, 8 serving edges, a reseller chain, 2 GDAP relationships):`,
    "",
    `| customers | import (s) | customer | ${SCALE_OPERATIONS.map((id) => `${id} answer | ${id} p50 (ms) | ${id} rounds (ms)`).join(" | ")} |`,
    `|---|---|---|${"---|---|---|".repeat(SCALE_OPERATIONS.length)}`,
    ...report.scale.map((point) => {
      if (point.note !== null)
        return `| ${point.customers.toLocaleString("en")} | not completed: ${point.note} |${" |".repeat(1 + 3 * SCALE_OPERATIONS.length)}`;
      const cells = SCALE_OPERATIONS.map((id) => {
        const sample = point.samples[id];
        const spread =
          sample === undefined || sample.rounds.length === 0
            ? ""
            : `${fixed(Math.min(...sample.rounds), 2)}–${fixed(Math.max(...sample.rounds), 2)}`;
        return `${sample?.answer ?? ""} | ${fixed(sample?.p50Ms ?? Number.NaN, 2)} | ${spread}`;
      });
      return `| ${point.customers.toLocaleString("en")} | ${fixed(point.importSeconds ?? Number.NaN)}${point.reused ? " (kept)" : ""} | ${point.customerId ?? ""} | ${cells.join(" | ")} |`;
    }),
    "",
    `![Scale curve](${charts.scale})`,
    "",
    "| target | measured | met |",
    "|---|---|---|",
    ...targets(report).map(
      (target) =>
        `| ${target.text} | ${target.measured} | ${target.met === null ? "not measured" : target.met ? "yes" : "**no**"} |`,
    ),
    "",
    `\`${ratios.line}\` (geometric means over the operations of the per-operation ratios; each per-operation ratio is the geometric mean over the connection counts of the median req/s ratios; in brackets the lowest and highest of the same ratio taken repeat by repeat).`,
  ];
  const body = lines.join("\n");
  // A run of some operations only is a trial: it would leave a partial table in BENCHMARKS.md.
  if (settings.record && settings.only === null) {
    replaceSection(settings.quick ? SECTION_QUICK : SECTION_FULL, body);
    const figures = chartFigures(report);
    writeCharts(settings.quick, figures.ratios, figures.scale);
  }
  return `${body}\n\n${ratios.line}`;
}

/** Replaces the body of `## heading` in BENCHMARKS.md (added at the end when missing). */
export function replaceSection(heading: string, body: string): void {
  const text = fs.existsSync(BENCHMARKS_FILE)
    ? fs.readFileSync(BENCHMARKS_FILE, "utf8")
    : "# Benchmarks\n";
  const marker = `## ${heading}`;
  const start = text.indexOf(marker);
  if (start < 0) {
    fs.writeFileSync(BENCHMARKS_FILE, `${text.trimEnd()}\n\n${marker}\n\n${body}\n`);
    return;
  }
  const after = text.indexOf("\n## ", start + marker.length);
  const rest = after < 0 ? "" : text.slice(after);
  fs.writeFileSync(
    BENCHMARKS_FILE,
    `${text.slice(0, start)}${marker}\n\n${body}\n${rest.length > 0 ? `\n${rest.trimStart()}` : ""}`,
  );
}
