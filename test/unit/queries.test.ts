import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  QUERIES_DIR,
  QUERY_NAMES,
  compactStatement,
  expandMacros,
  loadQueryRegistry,
  loadSchemaStatements,
} from "../../src/db/queries";

describe("the query registry", () => {
  it("loads one file per query name", () => {
    const registry = loadQueryRegistry();
    expect([...registry.keys()].sort()).toEqual([...QUERY_NAMES].sort());
  });

  it("has no query file that no name refers to", () => {
    const files = fs.readdirSync(QUERIES_DIR).map((file) => path.basename(file, ".cypher"));
    expect(files.sort()).toEqual([...QUERY_NAMES].sort());
  });

  it("fails at start naming the missing file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queries-"));
    fs.copyFileSync(
      path.join(QUERIES_DIR, "partnersByIds.cypher"),
      path.join(dir, "partnersByIds.cypher"),
    );
    expect(() => loadQueryRegistry(dir)).toThrow(/Cypher query file missing: .*\.cypher/);
    fs.rmSync(dir, { recursive: true });
  });

  it("every query file starts with a header naming it and its parameters", () => {
    for (const name of QUERY_NAMES) {
      const text = fs.readFileSync(path.join(QUERIES_DIR, `${name}.cypher`), "utf8");
      expect(text.startsWith(`// ${name}: `)).toBe(true);
      expect(text).toMatch(/\n\/\/ params: /);
    }
  });
});

describe("statements as sent to Neo4j", () => {
  it("carry their name as the only comment, and no indentation", () => {
    for (const [name, text] of loadQueryRegistry()) {
      const [first, ...rest] = text.split("\n");
      expect(first).toBe(`// ${name}`);
      expect(rest.filter((line) => line.startsWith("//") || line !== line.trim())).toEqual([]);
    }
  });

  it("drop whole-line comments and blank lines but keep a // inside a line", () => {
    const text = [
      "// q: what it does",
      "MATCH (n {url: 'https://example.com'})",
      "",
      "  // why the next line",
      "  RETURN n",
    ].join("\n");
    expect(compactStatement("q", text)).toBe(
      "// q\nMATCH (n {url: 'https://example.com'})\nRETURN n",
    );
  });
});

describe("the schema statements", () => {
  it("are idempotent (IF NOT EXISTS, IF EXISTS) and include the three uniqueness constraints", () => {
    const statements = loadSchemaStatements();
    expect(statements.every((statement) => / IF (NOT )?EXISTS\b/.test(statement))).toBe(true);
    for (const label of ["Partner", "Customer", "Tenant"]) {
      expect(statements).toContainEqual(
        expect.stringMatching(new RegExp(`FOR \\(\\w+:${label}\\) REQUIRE \\w+\\.id IS UNIQUE`)),
      );
    }
  });
});

describe("query macros", () => {
  it("expand each {{macro}} with names of its own, so two in one query do not clash", () => {
    const text = expandMacros("WHERE {{visibleCustomer(c)}} AND {{visibleTenant(t)}}", "x.cypher");
    expect(text).not.toContain("{{");
    expect(text).toContain("(c)-[:OWNS]->(t_scope1:Tenant)");
    expect(text).toContain("e_scope2");
    expect(text.match(/\$scope IS NULL/g)).toHaveLength(2);
  });

  it("expand tagServingEdge into the SET list of an edge's partner and customer", () => {
    expect(expandMacros("SET {{tagServingEdge(r, p, owner)}}", "x.cypher")).toBe(
      "SET r.partnerId = p.id, r.customerId = owner.id, r.customerName = owner.name, " +
        "r.customerCloud = owner.cloud, r.customerCountry = owner.country",
    );
  });

  it("fail at load naming an unknown macro and its file", () => {
    expect(() => expandMacros("WHERE {{visibleEverything(x)}}", "bad.cypher")).toThrow(
      /visibleEverything.*bad\.cypher/,
    );
  });

  it("leave every registry query free of unexpanded macros", () => {
    for (const text of loadQueryRegistry().values()) expect(text).not.toMatch(/\{\{|\}\}/);
  });
});
