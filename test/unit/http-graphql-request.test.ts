import {
  BOOKMARK_HEADER,
  MALFORMED_BOOKMARKS,
  bookmarksIn,
  checkRequestSize,
  queryText,
  variablesOf,
} from "../../src/http/graphql-request";
import { LIMITS } from "../support/http-parts";

const url = (search = ""): URL => new URL(`http://localhost/graphql${search}`);

describe("queryText and variablesOf", () => {
  it("read a JSON body's query and variables", () => {
    const body = { query: "{ hello }", variables: { first: 3 } };
    expect(queryText(body, url())).toBe("{ hello }");
    expect(variablesOf(body, url())).toEqual({ first: 3 });
  });

  it("read a GET's from its URL, malformed variables as none (Apollo answers those)", () => {
    const get = url(
      `?query=${encodeURIComponent("{ a }")}&variables=${encodeURIComponent('{"b":1}')}`,
    );
    expect(queryText("", get)).toBe("{ a }");
    expect(variablesOf("", get)).toEqual({ b: 1 });
    expect(variablesOf("", url("?variables=%7Bnot-json"))).toBeNull();
  });

  it("read a body's query that is not text as an empty document", () => {
    expect(queryText({ query: 42 }, url("?query=ignored"))).toBe("");
  });
});

describe("checkRequestSize", () => {
  it("passes an ordinary request", () => {
    expect(
      checkRequestSize({ query: "{ hello }", variables: { a: [1] } }, url(), LIMITS),
    ).toBeNull();
  });

  it("refuses a document over the token limit before anything parses it", () => {
    const query = `{ ${Array.from({ length: 5_001 }, () => "a").join(" ")} }`;
    expect(checkRequestSize({ query }, url(), LIMITS)?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      kind: "tokens",
      limit: 5_000,
      http: { status: 400 },
    });
  });

  it("refuses a document repeating a field past the field limit", () => {
    const query = `{ ${Array.from({ length: 301 }, () => "a").join(" ")} }`;
    expect(checkRequestSize({ query }, url(), LIMITS)?.extensions).toMatchObject({
      kind: "fields",
      measured: 301,
    });
  });

  it("refuses variables nested past the limit, in the body or the URL", () => {
    const deep = JSON.parse("[".repeat(11) + "]".repeat(11)) as unknown;
    expect(
      checkRequestSize({ query: "{ a }", variables: { v: deep } }, url(), LIMITS),
    ).toMatchObject({ extensions: { kind: "variableDepth", limit: 10 } });
    const get = url(`?query=a&variables=${encodeURIComponent(JSON.stringify({ v: deep }))}`);
    expect(checkRequestSize("", get, LIMITS)?.extensions?.kind).toBe("variableDepth");
  });
});

describe("bookmarksIn", () => {
  it("reads none from a missing or empty header", () => {
    expect(bookmarksIn(undefined)).toEqual({ current: [], written: null });
    expect(bookmarksIn(" , ")).toEqual({ current: [], written: null });
  });

  it("reads a comma-separated chain", () => {
    expect(bookmarksIn("FB:abc=, FB:def+/")).toEqual({
      current: ["FB:abc=", "FB:def+/"],
      written: null,
    });
  });

  it("refuses a malformed bookmark and more than 16", () => {
    expect(bookmarksIn("not a bookmark!")).toBeNull();
    expect(bookmarksIn(Array.from({ length: 17 }, (_, i) => `FB:${i}`).join(","))).toBeNull();
    expect(
      bookmarksIn(Array.from({ length: 16 }, (_, i) => `FB:${i}`).join(","))?.current,
    ).toHaveLength(16);
  });

  it("is refused as BAD_USER_INPUT naming the header", () => {
    expect(MALFORMED_BOOKMARKS.extensions).toEqual({
      code: "BAD_USER_INPUT",
      field: BOOKMARK_HEADER,
    });
  });
});
