import { Session } from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import type { Db } from "../../src/db/database";
import { toCypherParams } from "../../src/db/database";
import {
  QUERIES,
  QUERY_NAMES,
  isScoped,
  loadStatements,
  planningRuns,
  statementParameters,
} from "../../src/db/queries";
import { testDb, testDriver } from "../support/harness";

/**
 * Every registry statement exactly as src/db sends it (macros expanded, compacted), planned by
 * the test database: it must be Cypher Neo4j accepts, with the indexes its hints name, take
 * exactly the parameters its entry in QUERIES declares and return exactly the columns it
 * declares. EXPLAIN runs nothing, so the graph's contents do not matter.
 */
describe("every registry statement as sent to Neo4j", () => {
  const statements = loadStatements();
  let db: Db;
  let driver: Driver;
  let database: string;

  beforeAll(async () => {
    db = testDb();
    // The statements' USING INDEX hints fail to plan without the indexes they name.
    await db.applySchema();
    ({ driver, database } = testDriver());
  });

  afterAll(async () => {
    await driver.close();
    await db.close();
  });

  it.each(QUERY_NAMES)(
    "%s passes EXPLAIN as src/db sends it, with exactly its declared parameters and columns",
    async (name) => {
      const declared = Object.keys(QUERIES[name].params).sort();
      for (const registry of [statements.partner, statements.everyone]) {
        const used = [...statementParameters(registry.get(name) ?? "")].filter(
          (param) => param !== "scope",
        );
        expect(used.sort()).toEqual(declared);
      }

      const runs = planningRuns(name, statements);
      // Sent for everyone with $scope null, and as a PARTNER sends it when it reads $scope.
      expect(runs.map(({ params }) => params.scope !== null)).toEqual(
        isScoped(statements.partner.get(name) ?? "") ? [false, true] : [false],
      );
      for (const { text, params } of runs) {
        expect(Object.keys(params).sort()).toEqual([...declared, "scope"].sort());
        const result = await driver.executeQuery(`EXPLAIN ${text}`, toCypherParams(params), {
          database,
        });
        expect(result.summary.plan).not.toBe(false);
        expect([...result.keys].sort()).toEqual(Object.keys(QUERIES[name].row).sort());
      }
    },
  );
});

describe("the form of a statement src/db sends", () => {
  const statements = loadStatements();
  let db: Db;

  beforeAll(() => {
    db = testDb();
  });

  afterAll(async () => {
    await db.close();
  });

  it("is the everyone form when $scope is null and the partner form for a PARTNER", async () => {
    // Calls through to the driver: the statements run on the test database as usual.
    const run = jest.spyOn(Session.prototype, "run");
    try {
      await db.read("partnersByIds", { ids: ["P-100"] });
      await db.withScope("P-100").read("partnersByIds", { ids: ["P-100"] });
      expect(run.mock.calls.map(([text]) => text)).toEqual([
        statements.everyone.get("partnersByIds"),
        statements.partner.get("partnersByIds"),
      ]);
    } finally {
      run.mockRestore();
    }
  });
});
