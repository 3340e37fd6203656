import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  chartFiles,
  escapeXml,
  figuresFromMarkdown,
  ratioChartSvg,
  scaleChartSvg,
  writeCharts,
} from "../../bench/charts";

/** The numeric attribute `name` of every element of class `cls`, in document order. */
function attributes(svgText: string, cls: string, name: string): number[] {
  const elements = svgText.match(new RegExp(`<[a-z]+ class="${cls}"[^>]*>`, "g")) ?? [];
  return elements.map((element) => Number(new RegExp(` ${name}="([^"]+)"`).exec(element)?.[1]));
}

describe("the benchmark's SVG charts", () => {
  const ratios = [
    { op: "Q1", vsBaseline: 0.81, vsLibrary: 2.09 },
    { op: "Q2", vsBaseline: 0.76, vsLibrary: 1.68 },
    { op: "Q6", vsBaseline: 0.89, vsLibrary: Number.NaN },
  ];

  it("draws a bar per measured ratio, as tall as its value, and says n/a for a missing one", () => {
    const svgText = ratioChartSvg(ratios);
    expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svgText.trimEnd().endsWith("</svg>")).toBe(true);
    const heights = attributes(svgText, "bar", "height");
    expect(heights).toHaveLength(5);
    // Heights are proportional to the ratios: 0.81 / 2.09 of the tallest, in the same order.
    const tallest = Math.max(...heights);
    const expected = [0.81, 2.09, 0.76, 1.68, 0.89].map((value) => (value / 2.09) * tallest);
    heights.forEach((height, index) => expect(height).toBeCloseTo(expected[index] ?? 0, 0));
    expect(svgText).toContain(">n/a</text>");
    expect(svgText).not.toContain("NaN");
    // Parity and both targets are drawn as lines.
    expect(attributes(svgText, "target", "y1")).toHaveLength(3);
  });

  it("places the scale curve's sizes on a logarithmic axis and its p50s on a linear one", () => {
    const svgText = scaleChartSvg([
      {
        label: "Q2",
        points: [
          { customers: 10_000, p50Ms: 2, lowMs: 1.5, highMs: 3 },
          { customers: 100_000, p50Ms: 4, lowMs: 3, highMs: 5 },
          { customers: 1_000_000, p50Ms: 2, lowMs: 1, highMs: 6 },
        ],
      },
    ]);
    const xs = attributes(svgText, "point", "cx");
    const ys = attributes(svgText, "point", "cy");
    expect(xs).toHaveLength(3);
    // Each tenfold step of customers is the same distance along x.
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeCloseTo((xs[2] ?? 0) - (xs[1] ?? 0), 1);
    // Equal p50s at the same height, a doubled one higher up (smaller y).
    expect(ys[0]).toBeCloseTo(ys[2] ?? 0, 5);
    expect(ys[1]).toBeLessThan(ys[0] ?? 0);
    expect(svgText).toContain("1,000,000");
    expect(svgText).toContain("<title>Q2 at 100,000 customers: p50 4.00 ms</title>");
    expect(svgText).not.toContain("NaN");
  });

  it("escapes text it writes into the SVG", () => {
    expect(escapeXml(`a<b & "c">`)).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
    expect(ratioChartSvg([{ op: "<Q&1>", vsBaseline: 1, vsLibrary: 1 }])).toContain(
      "&lt;Q&amp;1&gt;",
    );
  });

  it("reads the figures back from a section of BENCHMARKS.md as the report writes it", () => {
    const section = [
      "| op | ours/baseline | ours/@neo4j/graphql | ours/baseline by connections (1, 8, 32) | ours/@neo4j/graphql by connections |",
      "|---|---|---|---|---|",
      "| Q1 | 0.81 | 2.09 | 0.87 / 0.79 / 0.77 | 2.00 / 2.10 / 2.17 |",
      "| Q6 | 0.89 | n/a | 0.94 / 0.82 / 0.90 | n/a / n/a / n/a |",
      "",
      "| customers | import (s) | customer | Q2 answer | Q2 p50 (ms) | Q2 rounds (ms) | Q4 answer | Q4 p50 (ms) | Q4 rounds (ms) |",
      "|---|---|---|---|---|---|---|---|---|",
      "| 10,000 | 67 (kept) | C-2 | 8 services, 3 with via | 2.79 | 1.89–3.72 | 8 chains | 2.51 | 2.12–3.89 |",
      "| 1,000,000 | 1862 (kept) | C-2 | 8 services, 3 with via | 2.75 | 1.98–3.81 | 8 chains | 2.73 | 1.93–3.74 |",
      "",
      "| target | measured | met |",
      "| Q1: ours ≥ 0.7 × the bare baseline's req/s | 0.806 | yes |",
    ].join("\n");
    const { ratios: read, scale } = figuresFromMarkdown(section);
    expect(read).toEqual([
      { op: "Q1", vsBaseline: 0.81, vsLibrary: 2.09 },
      { op: "Q6", vsBaseline: 0.89, vsLibrary: Number.NaN },
    ]);
    expect(scale).toEqual([
      {
        label: "Q2",
        points: [
          { customers: 10_000, p50Ms: 2.79, lowMs: 1.89, highMs: 3.72 },
          { customers: 1_000_000, p50Ms: 2.75, lowMs: 1.98, highMs: 3.81 },
        ],
      },
      {
        label: "Q4",
        points: [
          { customers: 10_000, p50Ms: 2.51, lowMs: 2.12, highMs: 3.89 },
          { customers: 1_000_000, p50Ms: 2.73, lowMs: 1.93, highMs: 3.74 },
        ],
      },
    ]);
  });

  it("writes both charts under the names BENCHMARKS.md links", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-charts-"));
    try {
      const written = writeCharts(false, ratios, [], dir);
      expect(written.map((file) => path.basename(file))).toEqual([
        "bench-ratios.svg",
        "bench-scale.svg",
      ]);
      expect(fs.readFileSync(path.join(dir, "bench-ratios.svg"), "utf8")).toContain("<svg");
      expect(chartFiles(true)).toEqual({
        ratios: "bench-quick-ratios.svg",
        scale: "bench-quick-scale.svg",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is linked from BENCHMARKS.md's recorded run, and the files are there", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "..", "BENCHMARKS.md"), "utf8");
    for (const file of Object.values(chartFiles(false))) {
      expect(text).toContain(`](${file})`);
      expect(fs.existsSync(path.join(__dirname, "..", "..", file))).toBe(true);
    }
  });
});
