import { getOperationAST, parse } from "graphql";
import type { GraphQLSchema } from "graphql";
import type { Limits } from "../../src/config";
import { QueryTooComplexError } from "../../src/errors";
import type { CheckedOperations } from "../../src/limits";
import {
  LIST_SIZE_ESTIMATE,
  checkOperation,
  countTokens,
  measureCost,
  measureOperation,
  scanDocument,
  variableDepth,
} from "../../src/limits";
import { createSchema } from "../../src/schema";

const LIMITS: Limits = {
  maxDepth: 12,
  maxCost: 500_000,
  maxAliases: 30,
  maxTokens: 5_000,
  maxFields: 300,
  maxVariableDepth: 10,
  maxBodyBytes: 1_000_000,
};

function operationOf(query: string) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (operation === null || operation === undefined) throw new Error("no operation");
  return { document, operation };
}

/** The QUERY_TOO_COMPLEX extensions `query` is refused with, or null when it passes. */
function refusal(
  schema: GraphQLSchema,
  query: string,
  limits: Partial<Limits> = {},
  variables: Record<string, unknown> = {},
): Record<string, unknown> | null {
  const { document, operation } = operationOf(query);
  try {
    checkOperation(schema, document, operation, variables, { ...LIMITS, ...limits });
    return null;
  } catch (error) {
    if (!(error instanceof QueryTooComplexError)) throw error;
    const extensions = { ...error.extensions };
    delete extensions.http;
    return extensions;
  }
}

/** `partner { resellers { resellers { … { id } } } }`, `levels` fields deep. */
const nested = (levels: number): string =>
  `{ partner(id: "P-1") { ${"resellers { ".repeat(levels - 2)}id${" }".repeat(levels - 2)} } }`;

describe("measureOperation", () => {
  it("counts depth from the root field, through fragments, without introspection", () => {
    const { document, operation } = operationOf(`
      query { partner(id: "P-1") { ...F } __schema { types { fields { type { ofType { name } } } } } }
      fragment F on Partner { tenants { owner { ... on Customer { id } } } }`);
    expect(measureOperation(document, operation)).toEqual({ depth: 4, aliases: 0, fields: 4 });
  });

  it("counts aliases and measures a fragment bomb in linear time", () => {
    const levels = 30;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Partner { ...F${i + 1} ...F${i + 1} }`,
    ).join("\n");
    const { document, operation } = operationOf(
      `{ a: partner(id: "1") { ...F0 } b: partner(id: "2") { id } }
       ${fragments}
       fragment F${levels} on Partner { id }`,
    );
    const measured = measureOperation(document, operation);
    expect(measured.aliases).toBe(2);
    expect(measured.fields).toBe(2 ** levels + 3);
  });
});

describe("countTokens", () => {
  it("counts tokens as graphql-js's maxTokens does, without comments", () => {
    const source = "{ partner(id: 1) { id } } # comment";
    expect(countTokens(source)).toBe(11);
    expect(() => parse(source, { maxTokens: 10 })).toThrow(/10 tokens/);
    expect(() => parse(source, { maxTokens: 11 })).not.toThrow();
    expect(countTokens("{ unterminated")).toBe(2);
  });
});

describe("measureCost", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  const cost = (query: string, variables: Record<string, unknown> = {}): number | null => {
    const { document, operation } = operationOf(query);
    return measureCost(schema, document, operation, variables);
  };

  it("repeats a connection's edges `first` times and its totalCount once", () => {
    // partners 1 + totalCount 1 + edges (1 + node 1 + id 1) × 7
    expect(cost(`{ partners(first: 7) { totalCount edges { node { id } } } }`)).toBe(2 + 3 * 7);
    expect(cost(`query($n: Int) { partners(first: $n) { edges { node { id } } } }`, { n: 3 })).toBe(
      1 + 3 * 3,
    );
    // The default of `first` (20) applies when it is left out.
    expect(cost(`{ partners { edges { node { id } } } }`)).toBe(1 + 3 * 20);
  });

  it("multiplies a list without `first` by the list estimate", () => {
    expect(cost(`{ partner(id: "P-1") { tenants { id } } }`)).toBe(1 + 1 + LIST_SIZE_ESTIMATE);
  });

  it("clamps `first` to the page size, leaving the range check to the resolvers", () => {
    expect(cost(`{ partners(first: 100000) { edges { node { id } } } }`)).toBe(1 + 3 * 100);
  });

  it("charges the audit's count as a read of the findings' index, not a pass over the graph", () => {
    expect(cost(`{ policyAudit(first: 1) { totalCount } }`)).toBe(1 + 10);
  });

  it("gives up on variables that do not coerce (execution refuses them)", () => {
    expect(cost(`query($n: Int) { partners(first: $n) { totalCount } }`, { n: "many" })).toBeNull();
  });
});

describe("checkOperation", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it("lets an ordinary query through", () => {
    expect(
      refusal(schema, `{ partners(first: 5) { totalCount edges { node { id } } } }`),
    ).toBeNull();
  });

  it("refuses depth over the limit with the limit and the measured depth", () => {
    // Ten nested lists of resellers are far over the cost limit: lift it to see the depth alone.
    expect(refusal(schema, nested(12), { maxCost: 1e12 })).toBeNull();
    expect(refusal(schema, nested(13))).toEqual({
      code: "QUERY_TOO_COMPLEX",
      kind: "depth",
      limit: 12,
      measured: 13,
    });
  });

  it("refuses too many aliases", () => {
    const aliases = Array.from({ length: 4 }, (_, i) => `a${i}: partner(id: "P-${i}") { id }`);
    expect(refusal(schema, `{ ${aliases.join(" ")} }`, { maxAliases: 3 })).toMatchObject({
      kind: "aliases",
      limit: 3,
      measured: 4,
    });
  });

  it("refuses cost over the limit with the estimate", () => {
    const query = `{ partners(first: 100) { edges { node { customers(first: 100) { edges { node {
      tenants { servedBy { partner { id } } } } } } } } } }`;
    const refused = refusal(schema, query);
    expect(refused).toMatchObject({ kind: "cost", limit: 500_000 });
    expect(refused?.measured).toBeGreaterThan(500_000);
  });

  it("measures each operation once, yet refuses a request that an earlier one's bad variables let through", () => {
    const { document, operation } = operationOf(`query($n: Int, $prefix: String) {
      partners(first: $n, where: { namePrefix: $prefix }) { edges { node {
        customers(first: $n) { edges { node { tenants { servedBy { partner { id } } } } } } } } } }`);
    const checked: CheckedOperations = new WeakMap();
    const check = (variables: Record<string, unknown>) =>
      checkOperation(schema, document, operation, variables, LIMITS, checked);
    // $prefix does not coerce: no cost, execution refuses it. The same $n with a good prefix is
    // still measured and refused.
    expect(() => check({ n: 100, prefix: 7 })).not.toThrow();
    expect(() => check({ n: 100, prefix: "A" })).toThrow(QueryTooComplexError);
    expect(() => check({ n: 100, prefix: "B" })).toThrow(QueryTooComplexError);
    expect(() => check({ n: 1, prefix: "A" })).not.toThrow();
  });

  it("refuses a fragment bomb on its field count, before expanding it", () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Partner { ...F${i + 1} ...F${i + 1} }`,
    ).join("\n");
    const query = `{ partner(id: "1") { ...F0 } } ${fragments} fragment F${levels} on Partner { id }`;
    expect(refusal(schema, query)).toMatchObject({ kind: "cost", measured: 2 ** levels + 1 });
  });
});

describe("scanDocument", () => {
  it("counts field selections as written, repeats included, and tokens in the same pass", () => {
    const repeated = Array.from({ length: 5 }, () => "customers { totalCount }").join(" ");
    expect(scanDocument(`{ partner(id: "P-100") { ${repeated} } }`)).toEqual({
      tokens: 10 + 4 * 5,
      fields: 1 + 2 * 5,
    });
  });

  it("counts an alias once and leaves out arguments, spreads, type conditions and directives", () => {
    const query = `query Q($f: Int = 3) {
      a: partners(first: $f, where: { role: INDIRECT_PROVIDER }) @include(if: true) {
        ...Page
        edges { node { ... on Partner { id } } }
      }
    }
    fragment Page on PartnerConnection { totalCount }`;
    // a (alias of partners), edges, node, id, totalCount
    expect(scanDocument(query).fields).toBe(5);
  });
});

describe("variableDepth", () => {
  it("counts nesting without recursion and stops past the limit", () => {
    expect(variableDepth(3, 10)).toBe(0);
    expect(variableDepth({ input: { markets: ["US"] } }, 10)).toBe(3);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(variableDepth(deep, 10)).toBe(11);
  });
});
