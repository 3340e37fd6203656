import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVING_EDGES } from "../../src/domain";
import {
  EXPANDED_DIR,
  QUERIES,
  QUERIES_DIR,
  QUERY_NAMES,
  compactStatement,
  expandMacros,
  isScoped,
  loadQueryRegistry,
  loadSchemaStatements,
  loadStatements,
  planningParams,
  planningRuns,
  renderExpandedQueries,
  statementParameters,
} from "../../src/db/queries";

/** A copy of cypher/queries in a folder of its own, with `change` applied to its files. */
function copyOfQueries(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queries-"));
  for (const file of fs.readdirSync(QUERIES_DIR)) {
    fs.copyFileSync(path.join(QUERIES_DIR, file), path.join(dir, file));
  }
  change(dir);
  return dir;
}

/** Replaces `from` (which must occur) by `to` in one query file of `dir`. */
function edit(dir: string, name: string, from: string, to: string): void {
  const file = path.join(dir, `${name}.cypher`);
  const text = fs.readFileSync(file, "utf8");
  expect(text).toContain(from);
  fs.writeFileSync(file, text.split(from).join(to));
}

/**
 * The parameter names a file's `// params:` header lists: its text up to the next header line,
 * without what stands in (), {} or [] (types and explanations), each name before its `:`.
 */
function headerParameters(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith("// params:"));
  const header = [lines[start]?.slice("// params:".length) ?? ""];
  for (const line of lines.slice(start + 1)) {
    if (!/^\/\/\s{2,}\S/.test(line)) break;
    header.push(line.slice(2));
  }
  let listed = header.join(" ");
  for (let previous = ""; previous !== listed;) {
    previous = listed;
    listed = listed.replace(/\([^()]*\)|\{[^{}]*\}|\[[^[\]]*\]/g, "");
  }
  if (listed.trim() === "none") return [];
  return listed.split(",").map((item) => item.split(":")[0]?.trim() ?? "");
}

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

  it("fails at start naming a query file that has no entry in QUERIES", () => {
    const dir = copyOfQueries((copy) =>
      fs.copyFileSync(path.join(copy, "partnersByIds.cypher"), path.join(copy, "stray.cypher")),
    );
    expect(() => loadQueryRegistry(dir)).toThrow(/without an entry in QUERIES.*stray\.cypher/);
    fs.rmSync(dir, { recursive: true });
  });

  it("fails at start naming a parameter that a statement uses but its entry does not declare", () => {
    const dir = copyOfQueries((copy) =>
      edit(copy, "partnersByIds", "RETURN key", "AND $extra IS NULL RETURN key"),
    );
    expect(() => loadQueryRegistry(dir)).toThrow(
      /partnersByIds\.cypher uses \$extra, not declared in QUERIES\.partnersByIds/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("fails at start naming a declared parameter that a statement never uses", () => {
    const dir = copyOfQueries((copy) =>
      edit(
        copy,
        "customersCount",
        "($namePrefix IS NULL OR c.name STARTS WITH $namePrefix)",
        "true",
      ),
    );
    expect(() => loadQueryRegistry(dir)).toThrow(
      /customersCount\.cypher never uses \$namePrefix, declared in QUERIES\.customersCount/,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("every header lists exactly the parameters its entry declares", () => {
    for (const name of QUERY_NAMES) {
      const text = fs.readFileSync(path.join(QUERIES_DIR, `${name}.cypher`), "utf8");
      expect({ name, params: headerParameters(text).sort() }).toEqual({
        name,
        params: Object.keys(QUERIES[name].params).sort(),
      });
    }
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

  it("use exactly the parameters their entry declares, and $scope", () => {
    for (const [name, statement] of loadQueryRegistry()) {
      const used = [...statementParameters(statement)].filter((param) => param !== "scope");
      expect({ name, params: used.sort() }).toEqual({
        name,
        params: Object.keys(QUERIES[name].params).sort(),
      });
    }
  });

  it("name as parameters only what stands outside string literals", () => {
    const statement = `MATCH (n {price: '$5', note: "it's $x"}) WHERE n.a = $a RETURN $b, '\\'$c'`;
    expect([...statementParameters(statement)].sort()).toEqual(["a", "b"]);
  });
});

describe("the parameters a statement is planned with", () => {
  it("are its declared ones and $scope: null for everyone, a partner's id besides when scoped", () => {
    for (const [name, statement] of loadQueryRegistry()) {
      const declared = Object.keys(QUERIES[name].params);
      const runs = planningParams(name, statement);
      for (const params of runs)
        expect(Object.keys(params).sort()).toEqual([...declared, "scope"].sort());
      const scopes = runs.map((params) => params.scope);
      expect({ name, scopes }).toEqual({
        name,
        scopes: isScoped(statement) ? [null, expect.any(String)] : [null],
      });
    }
  });

  it("send the values requests send for the parameters they always set", () => {
    const [params] = planningParams("partnersPage", loadQueryRegistry().get("partnersPage") ?? "");
    expect(params).toEqual({
      role: null,
      cloud: null,
      country: null,
      fromName: "",
      afterId: "",
      prefix: "",
      limit: 1,
      scope: null,
    });
  });
});

describe("the statements for everyone ($scope null)", () => {
  const statements = loadStatements();

  it("expand each scope predicate to true, and nothing else differently", () => {
    const source =
      "MATCH (t:Tenant) WHERE {{visibleTenant(t)}} AND t.id = $id SET {{tagServingEdge(r, p, o)}}";
    const everyone = expandMacros(source, "x.cypher", "everyone");
    expect(everyone).toBe(
      `MATCH (t:Tenant) WHERE true AND t.id = $id SET ${expandMacros("{{tagServingEdge(r, p, o)}}", "x.cypher")}`,
    );
    expect(expandMacros(source, "x.cypher")).toContain("$scope IS NULL");
  });

  it("differ from the partner form exactly where a query file uses a scope predicate", () => {
    for (const name of QUERY_NAMES) {
      const source = fs.readFileSync(path.join(QUERIES_DIR, `${name}.cypher`), "utf8");
      const predicated = /\{\{visible\w+\(/.test(source);
      expect({
        name,
        differs: statements.everyone.get(name) !== statements.partner.get(name),
      }).toEqual({
        name,
        differs: predicated,
      });
    }
  });

  it("read no scope predicate: a partner by id is one index seek, whatever $scope", () => {
    const everyone = statements.everyone.get("partnersByIds") ?? "";
    expect(everyone).not.toMatch(/EXISTS|\$scope/);
    expect(statements.partner.get("partnersByIds")).toMatch(/\$scope IS NULL OR/);
  });

  it("are planned with $scope null, and the partner form with a partner's id when it reads $scope", () => {
    const runs = (name: "partnersByIds" | "graphIsEmpty" | "findingsPage") =>
      planningRuns(name, statements).map(({ text, params }) => ({ text, scope: params.scope }));
    expect(runs("partnersByIds")).toEqual([
      { text: statements.everyone.get("partnersByIds"), scope: null },
      { text: statements.partner.get("partnersByIds"), scope: expect.any(String) },
    ]);
    expect(runs("graphIsEmpty")).toEqual([
      { text: statements.everyone.get("graphIsEmpty"), scope: null },
    ]);
    // Reads $scope without a predicate: one text, planned both ways.
    expect(runs("findingsPage").map(({ scope }) => scope)).toEqual([null, expect.any(String)]);
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

  it("spell the serving edge types from their one definition", () => {
    expect(expandMacros("MATCH (t)<-[e:{{servingEdgeTypes()}}]-(p)", "x.cypher")).toBe(
      `MATCH (t)<-[e:${SERVING_EDGES.join("|")}]-(p)`,
    );
    expect(expandMacros("{{visibleTenant(t)}}", "x.cypher")).toContain(
      `[e_scope1:${SERVING_EDGES.join("|")}]`,
    );
  });

  it("leave no query file spelling a list of serving edge types by hand", () => {
    const typeList = new RegExp(`\\b(${SERVING_EDGES.join("|")})\\s*\\|`);
    for (const name of QUERY_NAMES) {
      const text = fs.readFileSync(path.join(QUERIES_DIR, `${name}.cypher`), "utf8");
      expect({ name, spelled: typeList.test(text) }).toEqual({ name, spelled: false });
    }
  });

  it("expand servedCustomersInOrder into one UNION branch per serving edge type, indented", () => {
    const text = expandMacros("CALL {\n    {{servedCustomersInOrder(key)}}\n}", "x.cypher");
    for (const type of SERVING_EDGES) {
      expect(text).toContain(`    USING INDEX e:${type}(partnerId, customerName,`);
    }
    expect(text.match(/\n {4}UNION\n/g)).toHaveLength(SERVING_EDGES.length - 1);
    expect(text.match(/\n {4}RETURN name, id, cloud, country LIMIT \$limit/g)).toHaveLength(
      SERVING_EDGES.length,
    );
  });
});

describe("cypher/expanded", () => {
  it("holds every query as rendered from cypher/queries (run `npm run queries` after changing one)", () => {
    const rendered = renderExpandedQueries();
    const files = fs.readdirSync(EXPANDED_DIR).filter((file) => file.endsWith(".cypher"));
    expect(files.sort()).toEqual([...rendered.keys()].map((name) => `${name}.cypher`).sort());
    for (const [name, text] of rendered) {
      expect(fs.readFileSync(path.join(EXPANDED_DIR, `${name}.cypher`), "utf8")).toBe(text);
    }
  });

  it("compacts to exactly the statements sent to Neo4j", () => {
    const rendered = renderExpandedQueries();
    for (const [name, statement] of loadQueryRegistry()) {
      expect(compactStatement(name, rendered.get(name) ?? "")).toBe(statement);
    }
  });

  it("says in each file the :params to set in Neo4j Browser, $scope only when scoped", () => {
    const rendered = renderExpandedQueries();
    expect(rendered.get("partnersByIds")).toContain("\n// :params {ids: ['x'], scope: null}\n");
    expect(rendered.get("partnersByIds")).toContain("$scope: a partner's id");
    expect(rendered.get("claimIdempotencyKey")).toContain("\n// :params {key: 'x', now: 1}\n");
    expect(rendered.get("claimIdempotencyKey")).not.toContain("$scope");
    expect(rendered.get("graphIsEmpty")).toContain("It runs as it is in Neo4j Browser.");
    expect(rendered.get("graphIsEmpty")).not.toContain(":params");
  });
});
