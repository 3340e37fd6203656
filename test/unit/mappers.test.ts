import neo4j from "neo4j-driver";
import { toPlain } from "../../src/db/mappers";

describe("toPlain", () => {
  it("turns Neo4j integers into numbers and dates into YYYY-MM-DD", () => {
    expect(toPlain({ total: neo4j.int(42), since: new neo4j.types.Date(2024, 3, 1) })).toEqual({
      total: 42,
      since: "2024-03-01",
    });
  });

  it("converts inside lists and nested maps, and null stays null", () => {
    expect(toPlain([{ n: neo4j.int(1), inner: { m: neo4j.int(2) } }, null])).toEqual([
      { n: 1, inner: { m: 2 } },
      null,
    ]);
  });

  it("keeps an integer beyond 2^53 exact, as a string", () => {
    expect(toPlain(neo4j.int("9007199254740993"))).toBe("9007199254740993");
  });

  it("renders a datetime as an ISO string", () => {
    const value = new neo4j.types.DateTime(2026, 11, 24, 3, 10, 5, 0, 0);
    expect(toPlain(value)).toBe("2026-11-24T03:10:05Z");
  });
});
