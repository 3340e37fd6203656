import { chunksOf } from "../../src/services/export.service";

const partner = (id: string, edges: number) => ({ id, edges });

describe("the chunks the full re-audit reads the edges in", () => {
  it("close at 100,000 edges, and give a partner with more a chunk of its own", () => {
    expect(
      chunksOf([
        partner("P-1", 50_000),
        partner("P-2", 60_000),
        partner("P-3", 10),
        partner("P-4", 566_000),
        partner("P-5", 5),
      ]),
    ).toEqual([
      { afterId: "", lastId: "P-1", partners: 1, edges: 50_000 },
      { afterId: "P-1", lastId: "P-3", partners: 2, edges: 60_010 },
      { afterId: "P-3", lastId: "P-4", partners: 1, edges: 566_000 },
      { afterId: "P-4", lastId: "P-5", partners: 1, edges: 5 },
    ]);
  });

  it("hold at most 200 partners, and every partner once, in order", () => {
    const partners = Array.from({ length: 401 }, (_, k) =>
      partner(`P-${String(k).padStart(3, "0")}`, 3),
    );
    const chunks = chunksOf(partners);
    expect(chunks.map((chunk) => chunk.partners)).toEqual([200, 200, 1]);
    expect(chunks.map((chunk) => [chunk.afterId, chunk.lastId])).toEqual([
      ["", "P-199"],
      ["P-199", "P-399"],
      ["P-399", "P-400"],
    ]);
    expect(chunksOf(partners.slice(0, 2), "P-").map((chunk) => chunk.afterId)).toEqual(["P-"]);
  });

  it("are none for no partners", () => {
    expect(chunksOf([])).toEqual([]);
  });
});
