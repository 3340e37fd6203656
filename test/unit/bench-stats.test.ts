import { OPERATIONS } from "../../bench/operations";
import type { Operation } from "../../bench/operations";
import { ratioTarget } from "../../bench/report";
import { throughputRatioSpread } from "../../bench/results";
import type { BenchReport, Cell, OperationResult } from "../../bench/results";
import { geometricMean, median, pairedRatio, percentile, ratio } from "../../bench/stats";

describe("benchmark statistics", () => {
  describe("median", () => {
    it("takes the middle value of an odd count, whatever the order", () => {
      expect(median([9, 1, 5])).toBe(5);
    });

    it("averages the two middle values of an even count", () => {
      expect(median([4, 1, 3, 2])).toBe(2.5);
    });

    it("is NaN for no values", () => {
      expect(median([])).toBeNaN();
    });
  });

  describe("percentile", () => {
    it("interpolates between the closest ranks", () => {
      expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
      expect(percentile([10, 20, 30, 40], 50)).toBe(25);
      expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1);
    });

    it("gives the extremes at 0 and 100", () => {
      expect(percentile([3, 1, 2], 0)).toBe(1);
      expect(percentile([3, 1, 2], 100)).toBe(3);
    });

    it("refuses a percentile outside 0..100", () => {
      expect(() => percentile([1], 101)).toThrow(RangeError);
    });
  });

  describe("geometricMean", () => {
    it("averages ratios so that a doubling and a halving cancel out", () => {
      expect(geometricMean([2, 0.5])).toBeCloseTo(1);
      expect(geometricMean([1, 4, 16])).toBeCloseTo(4);
    });

    it("skips ratios that could not be measured", () => {
      expect(geometricMean([4, Number.NaN, 0, Number.POSITIVE_INFINITY])).toBe(4);
      expect(geometricMean([Number.NaN])).toBeNaN();
    });
  });

  describe("ratio", () => {
    it("is NaN when a side is missing or the divisor is zero", () => {
      expect(ratio(3, 2)).toBe(1.5);
      expect(ratio(3, 0)).toBeNaN();
      expect(ratio(Number.NaN, 2)).toBeNaN();
    });
  });

  describe("pairedRatio", () => {
    it("takes the median of the pairs' ratios, not the ratio of the medians", () => {
      // A slow stretch doubles both sides of the second pair: the pairs still say 1.5.
      expect(pairedRatio([3, 6, 3], [2, 4, 2])).toBe(1.5);
      // A stall on one side of one pair moves it no further than the middle pair.
      expect(pairedRatio([3, 30, 3], [2, 2, 2])).toBe(1.5);
    });

    it("skips pairs with a side missing and is NaN when none is left", () => {
      expect(pairedRatio([2, 4], [1])).toBe(2);
      expect(pairedRatio([1, 2], [0, Number.NaN])).toBeNaN();
    });
  });
});

/** A cell of one connection count whose repeats served `values` req/s. */
const cell = (values: number[]): Cell => ({
  runs: values.map((requestsPerSecond) => ({
    requestsPerSecond,
    requests: requestsPerSecond,
    p50Ms: 1,
    p99Ms: 2,
    failures: 0,
  })),
  cpuMsPerRequest: 1,
  neo4jCpuMsPerRequest: 1,
  requestsPerSecond: median(values),
  p50Ms: 1,
  p99Ms: 2,
  failures: 0,
});

/** Q1's result with these cells. */
const result = (cells: OperationResult["cells"]): OperationResult => ({
  operation: OPERATIONS[0] as Operation,
  answers: {},
  cells,
});

describe("throughputRatioSpread", () => {
  it("pairs repeat i of one server with repeat i of the other, over every connection count", () => {
    // Repeat 0: 100/200 at 1 connection and 400/200 at 8 (geometric mean 1); repeat 1: 50/100
    // and 50/100 (0.5); repeat 2: 300/100 and 300/100 (3).
    const measured = result({
      ours: { 1: cell([100, 50, 300]), 8: cell([400, 50, 300]) },
      baseline: { 1: cell([200, 100, 100]), 8: cell([200, 100, 100]) },
    });
    const spread = throughputRatioSpread(measured, "ours", "baseline");
    expect(spread.lowest).toBeCloseTo(0.5);
    expect(spread.highest).toBeCloseTo(3);
  });

  it("is NaN when a server was not measured", () => {
    const measured = result({ ours: { 1: cell([100]) } });
    expect(throughputRatioSpread(measured, "ours", "oursBefore").lowest).toBeNaN();
  });
});

describe("ratioTarget", () => {
  const report = (ours: number[], baseline: number[]): BenchReport =>
    ({
      results: [result({ ours: { 1: cell(ours) }, baseline: { 1: cell(baseline) } })],
    }) as unknown as BenchReport;

  it("is met when the ratio and its lowest repeat both meet their bounds", () => {
    const target = ratioTarget(report([90, 88, 95], [100, 100, 100]), "Q1", "baseline", 0.85, 0.8);
    expect(target.met).toBe(true);
    expect(target.measured).toBe("0.900 (lowest 0.880)");
  });

  it("is not met when one repeat falls below the lowest bound, however good the median", () => {
    const target = ratioTarget(report([90, 70, 95], [100, 100, 100]), "Q1", "baseline", 0.85, 0.8);
    expect(target.met).toBe(false);
  });

  it("is not measured for an operation the run left out", () => {
    const target = ratioTarget(report([90], [100]), "Q4", "baseline", 0.85, 0.8);
    expect(target.met).toBeNull();
  });
});
