import { TopLevelArrayScanner } from "../../src/cli/json-scanner";

function scanInPieces(text: string, size: number): Record<string, unknown> {
  const scanner = new TopLevelArrayScanner();
  for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size));
  return scanner.end();
}

const TRICKY = {
  partners: [
    {
      id: "P-1",
      name: 'Quote " and brace } and bracket ] in a name, and \\ a backslash',
      markets: ["US", "CA"],
    },
  ],
  customers: [],
  tenants: [{ id: "t", nested: { deep: [1, { x: "]}" }] } }],
  edges: [1, "two", null, true, { type: "SUPPLIES" }],
  note: "a scalar at the top level",
  count: 42,
};

describe("TopLevelArrayScanner", () => {
  it.each([1, 2, 3, 7, 64, 100_000])(
    "parses a document split into pieces of %p characters exactly like JSON.parse",
    (size) => {
      const text = JSON.stringify(TRICKY, null, 2);
      expect(scanInPieces(text, size)).toEqual(JSON.parse(text));
    },
  );

  it("parses an empty object and empty arrays", () => {
    expect(scanInPieces("{}", 1)).toEqual({});
    expect(scanInPieces('{"edges": [ ] }', 2)).toEqual({ edges: [] });
  });

  it.each([
    ["a top-level array", "[1, 2]", /must be a JSON object/],
    ["a document cut short", '{"edges": [{"type": "SUPPLIES"}', /ends early/],
    ["a broken row", '{"edges": [{"type": SUPPLIES}]}', /invalid JSON at character 11/],
    ["a missing colon", '{"edges" []}', /expected ':' after "edges"/],
    ["text after the end", '{"edges": []} extra', /text after the end/],
  ])("rejects %s, saying where", (_name, text, message) => {
    expect(() => scanInPieces(text, 5)).toThrow(message);
  });
});
