import { Neo4jError } from "neo4j-driver";
import { Circuit } from "../../src/db/circuit";
import { mapDriverError } from "../../src/db/database";
import { DatabaseTimeoutError, DatabaseUnavailableError } from "../../src/errors";

const driverError = (code: string): Neo4jError =>
  new Neo4jError(`driver text for ${code}`, code, "50N42", "general processing exception");

describe("mapDriverError", () => {
  it.each([
    "ServiceUnavailable",
    "SessionExpired",
    "Neo.TransientError.General.DatabaseUnavailable",
  ])("maps %s to DATABASE_UNAVAILABLE", (code) => {
    expect(mapDriverError(driverError(code))).toBeInstanceOf(DatabaseUnavailableError);
  });

  it.each([
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.ClientError.Transaction.LockClientStopped",
  ])("maps %s, a transaction timeout, to DATABASE_UNAVAILABLE with reason timeout", (code) => {
    const mapped = mapDriverError(driverError(code));
    expect(mapped).toBeInstanceOf(DatabaseTimeoutError);
    expect((mapped as DatabaseTimeoutError).extensions).toMatchObject({
      code: "DATABASE_UNAVAILABLE",
      reason: "timeout",
    });
  });

  it("leaves other driver errors alone, for the mask to hide", () => {
    const error = driverError("Neo.ClientError.Statement.SyntaxError");
    expect(mapDriverError(error)).toBe(error);
  });

  it("does not let a timeout open the circuit: the database is slow, not gone", async () => {
    const circuit = new Circuit({ probe: async () => true });
    await expect(
      circuit.run(async () => Promise.reject(new DatabaseTimeoutError())),
    ).rejects.toBeInstanceOf(DatabaseTimeoutError);
    expect(circuit.isOpen).toBe(false);
    circuit.stop();
  });
});
