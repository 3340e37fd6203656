import fs from "node:fs";
import path from "node:path";
import { BENCHMARKS_FILE } from "./support";

/**
 * SVG charts of the figures `npm run bench` computes, written next to BENCHMARKS.md and linked
 * from it: the per-operation throughput ratios as bars beside their targets, and the scale
 * curve's p50 per size with the range of its rounds. Plain SVG text, built by pure functions (a
 * unit test pins them down), with no chart library: the figures are a handful of numbers.
 */

/** One operation's ratios of our req/s to the others'; NaN where the other has no such operation. */
export interface RatioBar {
  op: string;
  vsBaseline: number;
  vsLibrary: number;
}

/** One size of the scale curve for one operation: the p50 and the rounds' lowest and highest. */
export interface ScalePointFigure {
  customers: number;
  p50Ms: number;
  lowMs: number;
  highMs: number;
}

export interface ScaleSeries {
  label: string;
  points: ScalePointFigure[];
}

/** The file names, relative to BENCHMARKS.md, of one section's charts. */
export function chartFiles(quick: boolean): { ratios: string; scale: string } {
  const prefix = quick ? "bench-quick" : "bench";
  return { ratios: `${prefix}-ratios.svg`, scale: `${prefix}-scale.svg` };
}

const COLORS = { baseline: "#2563eb", library: "#d97706", grid: "#e5e7eb", axis: "#374151" };
const SERIES_COLORS = ["#2563eb", "#d97706", "#059669", "#7c3aed"];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12"';

/** Text for inside an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A coordinate with at most two decimals: short files, stable diffs. */
const n = (value: number): string => String(Math.round(value * 100) / 100);

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" ${FONT} font-size="14" font-weight="600" fill="${COLORS.axis}">${escapeXml(title)}</text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/**
 * Grouped bars: per operation, ours/baseline and ours/@neo4j/graphql, with dashed lines at the
 * targets (0.7 × the baseline, 1.5 × the library) and a solid one at parity. A missing ratio
 * (NaN) is said as "n/a" instead of a bar.
 */
export function ratioChartSvg(rows: readonly RatioBar[]): string {
  const width = 640;
  const left = 48;
  const right = 16;
  const top = 56;
  const bottom = 40;
  const height = 300;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const values = rows.flatMap((row) => [row.vsBaseline, row.vsLibrary]).filter(Number.isFinite);
  const max = Math.max(2, Math.ceil(Math.max(0, ...values) * 2) / 2);
  const y = (value: number): number => top + plotHeight - (value / max) * plotHeight;
  const body: string[] = [];
  // Legend.
  body.push(
    `<rect x="${left}" y="34" width="10" height="10" fill="${COLORS.baseline}"/>`,
    `<text x="${left + 14}" y="43" ${FONT} fill="${COLORS.axis}">ours / bare driver (target ≥ 0.7)</text>`,
    `<rect x="${left + 250}" y="34" width="10" height="10" fill="${COLORS.library}"/>`,
    `<text x="${left + 264}" y="43" ${FONT} fill="${COLORS.axis}">ours / @neo4j/graphql (target ≥ 1.5)</text>`,
  );
  for (let tick = 0; tick <= max + 1e-9; tick += 0.5) {
    body.push(
      `<line x1="${left}" x2="${width - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${COLORS.grid}"/>`,
      `<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" ${FONT} fill="${COLORS.axis}">${tick.toFixed(1)}</text>`,
    );
  }
  const group = rows.length === 0 ? plotWidth : plotWidth / rows.length;
  const bar = Math.min(28, group / 3);
  rows.forEach((row, index) => {
    const center = left + group * index + group / 2;
    const bars: [number, string, number][] = [
      [row.vsBaseline, COLORS.baseline, center - bar - 2],
      [row.vsLibrary, COLORS.library, center + 2],
    ];
    for (const [value, color, x] of bars) {
      if (!Number.isFinite(value)) {
        body.push(
          `<text x="${n(x + bar / 2)}" y="${n(y(0) - 4)}" text-anchor="middle" ${FONT} font-size="10" fill="${COLORS.axis}">n/a</text>`,
        );
        continue;
      }
      body.push(
        `<rect class="bar" x="${n(x)}" y="${n(y(value))}" width="${n(bar)}" height="${n(y(0) - y(value))}" fill="${color}"><title>${escapeXml(`${row.op}: ${value.toFixed(2)}`)}</title></rect>`,
        `<text x="${n(x + bar / 2)}" y="${n(y(value) - 4)}" text-anchor="middle" ${FONT} font-size="10" fill="${COLORS.axis}">${value.toFixed(2)}</text>`,
      );
    }
    body.push(
      `<text x="${n(center)}" y="${height - bottom + 18}" text-anchor="middle" ${FONT} fill="${COLORS.axis}">${escapeXml(row.op)}</text>`,
    );
  });
  const lines: [number, string, string][] = [
    [1, COLORS.axis, ""],
    [0.7, COLORS.baseline, ' stroke-dasharray="6 4"'],
    [1.5, COLORS.library, ' stroke-dasharray="6 4"'],
  ];
  for (const [value, color, dash] of lines) {
    body.push(
      `<line class="target" x1="${left}" x2="${width - right}" y1="${n(y(value))}" y2="${n(y(value))}" stroke="${color}"${dash}/>`,
    );
  }
  body.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${n(y(0))}" stroke="${COLORS.axis}"/>`,
    `<text x="14" y="${n(top + plotHeight / 2)}" transform="rotate(-90 14 ${n(top + plotHeight / 2)})" text-anchor="middle" ${FONT} fill="${COLORS.axis}">req/s ratio</text>`,
  );
  return svg(width, height, "Throughput of ours against the others, per operation", body);
}

/**
 * The scale curve: p50 (ms) per size on a logarithmic axis of customers, one line per operation,
 * each point with a bar from its rounds' lowest to highest p50. The y axis starts at 0, so a flat
 * curve looks flat.
 */
export function scaleChartSvg(series: readonly ScaleSeries[]): string {
  const width = 640;
  const height = 320;
  const left = 56;
  // Room for the largest size's label, centred on the last point.
  const right = 44;
  const top = 56;
  const bottom = 48;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const points = series.flatMap((one) => one.points).filter((p) => Number.isFinite(p.p50Ms));
  const sizes = [...new Set(points.map((p) => p.customers))].sort((a, b) => a - b);
  const lowest = Math.log10(sizes[0] ?? 1);
  const highest = Math.log10(sizes.at(-1) ?? 10);
  const span = highest - lowest || 1;
  const x = (customers: number): number =>
    sizes.length <= 1
      ? left + plotWidth / 2
      : left + ((Math.log10(customers) - lowest) / span) * plotWidth;
  const maxMs = Math.max(1, ...points.map((p) => (Number.isFinite(p.highMs) ? p.highMs : p.p50Ms)));
  const step = maxMs > 10 ? Math.ceil(maxMs / 5) : maxMs > 4 ? 2 : 1;
  const top_ = Math.ceil(maxMs / step) * step;
  const y = (ms: number): number => top + plotHeight - (ms / top_) * plotHeight;
  const body: string[] = [];
  for (let tick = 0; tick <= top_ + 1e-9; tick += step) {
    body.push(
      `<line x1="${left}" x2="${width - right}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="${COLORS.grid}"/>`,
      `<text x="${left - 6}" y="${n(y(tick) + 4)}" text-anchor="end" ${FONT} fill="${COLORS.axis}">${tick}</text>`,
    );
  }
  for (const size of sizes) {
    body.push(
      `<text x="${n(x(size))}" y="${height - bottom + 18}" text-anchor="middle" ${FONT} fill="${COLORS.axis}">${size.toLocaleString("en")}</text>`,
    );
  }
  series.forEach((one, index) => {
    const color = SERIES_COLORS[index % SERIES_COLORS.length] ?? COLORS.axis;
    const shown = one.points
      .filter((p) => Number.isFinite(p.p50Ms))
      .sort((a, b) => a.customers - b.customers);
    // Side by side at each size, so two series' range bars do not hide each other.
    const offset = (index - (series.length - 1) / 2) * 8;
    if (shown.length > 1) {
      const path = shown
        .map((p, i) => `${i === 0 ? "M" : "L"}${n(x(p.customers) + offset)} ${n(y(p.p50Ms))}`)
        .join(" ");
      body.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    }
    for (const p of shown) {
      const cx = x(p.customers) + offset;
      if (Number.isFinite(p.lowMs) && Number.isFinite(p.highMs)) {
        body.push(
          `<line x1="${n(cx)}" x2="${n(cx)}" y1="${n(y(p.lowMs))}" y2="${n(y(p.highMs))}" stroke="${color}" stroke-opacity="0.5" stroke-width="2"/>`,
        );
      }
      body.push(
        `<circle class="point" cx="${n(cx)}" cy="${n(y(p.p50Ms))}" r="4" fill="${color}"><title>${escapeXml(`${one.label} at ${p.customers.toLocaleString("en")} customers: p50 ${p.p50Ms.toFixed(2)} ms`)}</title></circle>`,
      );
    }
    const legendX = left + index * 220;
    body.push(
      `<rect x="${legendX}" y="34" width="10" height="10" fill="${color}"/>`,
      `<text x="${legendX + 14}" y="43" ${FONT} fill="${COLORS.axis}">${escapeXml(one.label)}</text>`,
    );
  });
  body.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${n(y(0))}" stroke="${COLORS.axis}"/>`,
    `<line x1="${left}" x2="${width - right}" y1="${n(y(0))}" y2="${n(y(0))}" stroke="${COLORS.axis}"/>`,
    `<text x="${n(left + plotWidth / 2)}" y="${height - 10}" text-anchor="middle" ${FONT} fill="${COLORS.axis}">customers in the graph (log scale)</text>`,
    `<text x="16" y="${n(top + plotHeight / 2)}" transform="rotate(-90 16 ${n(top + plotHeight / 2)})" text-anchor="middle" ${FONT} fill="${COLORS.axis}">p50 (ms), bar: rounds' range</text>`,
  );
  return svg(width, height, "Scale curve: p50 per request against the size of the graph", body);
}

/** Writes both charts next to BENCHMARKS.md; returns their paths. */
export function writeCharts(
  quick: boolean,
  ratios: readonly RatioBar[],
  scale: readonly ScaleSeries[],
  dir: string = path.dirname(BENCHMARKS_FILE),
): string[] {
  const files = chartFiles(quick);
  const written = [path.join(dir, files.ratios), path.join(dir, files.scale)];
  fs.writeFileSync(written[0] ?? "", ratioChartSvg(ratios));
  fs.writeFileSync(written[1] ?? "", scaleChartSvg(scale));
  return written;
}

const figure = (text: string | undefined): number =>
  text === undefined || text.trim() === "n/a" ? Number.NaN : Number(text.trim());

/**
 * The figures of a section of BENCHMARKS.md as the report writes them (bench/report.ts): the
 * ratio table's two overall columns, and the scale table's p50 and rounds per operation. For
 * redrawing the charts of a recorded run without running it again.
 */
export function figuresFromMarkdown(
  section: string,
  scaleOperations: readonly string[] = ["Q2", "Q4"],
): { ratios: RatioBar[]; scale: ScaleSeries[] } {
  const ratios: RatioBar[] = [];
  const scale: ScaleSeries[] = scaleOperations.map((label) => ({ label, points: [] }));
  let table: "ratios" | "scale" | null = null;
  for (const line of section.split("\n")) {
    if (line.startsWith("| op | ours/baseline |")) table = "ratios";
    else if (line.startsWith("| customers |")) table = "scale";
    else if (!line.startsWith("|")) table = null;
    else if (line.startsWith("|---")) continue;
    else {
      const cells = line.split("|").slice(1, -1);
      if (table === "ratios") {
        ratios.push({
          op: (cells[0] ?? "").trim(),
          vsBaseline: figure(cells[1]),
          vsLibrary: figure(cells[2]),
        });
      } else if (table === "scale") {
        const customers = Number((cells[0] ?? "").replace(/,/g, ""));
        scale.forEach((series, index) => {
          // customers, import, customer, then (answer, p50, rounds) per operation.
          const p50Ms = figure(cells[4 + index * 3]);
          const [low, high] = (cells[5 + index * 3] ?? "").split("–");
          if (Number.isFinite(customers) && Number.isFinite(p50Ms)) {
            series.points.push({ customers, p50Ms, lowMs: figure(low), highMs: figure(high) });
          }
        });
      }
    }
  }
  return { ratios, scale };
}

/**
 * `npm run bench:charts`: redraws the charts of the full run recorded in BENCHMARKS.md (or of the
 * quick run, with --quick) without measuring anything.
 */
function main(): void {
  const quick = process.argv.includes("--quick");
  const heading = quick
    ? "## Quick run (npm run bench -- --quick)"
    : "## Against the bare driver and the Neo4j GraphQL Library (npm run bench)";
  const text = fs.readFileSync(BENCHMARKS_FILE, "utf8");
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`BENCHMARKS.md has no section "${heading}"`);
  const end = text.indexOf("\n## ", start + heading.length);
  const { ratios, scale } = figuresFromMarkdown(text.slice(start, end < 0 ? undefined : end));
  if (ratios.length === 0) throw new Error(`no ratio table under "${heading}"`);
  for (const file of writeCharts(quick, ratios, scale)) console.log(`wrote ${file}`);
}

if (require.main === module) main();
