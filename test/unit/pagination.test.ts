import { ErrorCode } from "../../src/errors";
import { checkPageSize, decodeCursor, encodeCursor, toPage } from "../../src/resolvers/pagination";

describe("cursors", () => {
  it("round-trip a (name, id) position through an opaque string", () => {
    const cursor = encodeCursor({ name: "Contoso Distribution", id: "P-100" });
    expect(cursor).not.toContain("P-100");
    expect(decodeCursor(cursor)).toEqual({ name: "Contoso Distribution", id: "P-100" });
  });

  it.each([
    "zzz",
    "",
    Buffer.from('["v0","a","b"]').toString("base64url"),
    Buffer.from("{}").toString("base64url"),
  ])("reject %p as BAD_USER_INPUT naming the after argument", (after) => {
    expect(() => decodeCursor(after)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, field: "after" }),
      }),
    );
  });

  it("treat a missing cursor as the start of the list", () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor(null)).toBeNull();
  });
});

describe("checkPageSize", () => {
  it("accepts 1..100 and uses 20 for an explicit null", () => {
    expect(checkPageSize(1)).toBe(1);
    expect(checkPageSize(100)).toBe(100);
    expect(checkPageSize(null)).toBe(20);
  });

  it.each([0, -1, 101, 2.5])("refuses first = %p", (first) => {
    expect(() => checkPageSize(first)).toThrow(/first: must be between 1 and 100/);
  });
});

describe("toPage", () => {
  const rows = [
    { name: "A", id: "1" },
    { name: "B", id: "2" },
    { name: "C", id: "3" },
  ];

  it("uses the extra row only to say there is a next page", async () => {
    const page = toPage(rows, 2, () => Promise.resolve(10));
    expect(page.edges.map((edge) => edge.node.id)).toEqual(["1", "2"]);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: encodeCursor(rows[1] ?? { name: "", id: "" }),
    });
    await expect(page.totalCount).resolves.toBe(10);
  });

  it("counts only when totalCount is read", async () => {
    const count = jest.fn(() => Promise.resolve(3));
    const page = toPage(rows, 5, count);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(count).not.toHaveBeenCalled();
    await expect(page.totalCount).resolves.toBe(3);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it("says there is no next page and no end cursor on an empty page", () => {
    expect(toPage([], 5, () => Promise.resolve(0)).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: null,
    });
  });
});
