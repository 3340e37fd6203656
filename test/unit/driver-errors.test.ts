import { Neo4jError } from "neo4j-driver";
import { Circuit } from "../../src/db/circuit";
import {
  describeAvailabilityChange,
  describeProbeError,
  isUnavailableError,
  mapDriverError,
} from "../../src/db/database";
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

  it.each([
    ["ServiceUnavailable", true],
    ["SessionExpired", true],
    ["Neo.TransientError.General.DatabaseUnavailable", true],
    ["Neo.ClientError.Security.Unauthorized", false],
    ["Neo.TransientError.General.MemoryPoolOutOfMemoryError", false],
    ["Neo.ClientError.Transaction.TransactionTimedOut", false],
  ])("counts a probe failing with %s as an outage: %s", (code, outage) => {
    expect(isUnavailableError(driverError(code))).toBe(outage);
  });

  it("describes a probe's failure with the driver's code and what it meant", () => {
    expect(describeProbeError(driverError("ServiceUnavailable"), true)).toBe(
      "Neo4j refused a connectivity probe (ServiceUnavailable: driver text for ServiceUnavailable)",
    );
    expect(describeProbeError(new Error("odd answer"), false)).toBe(
      "A connectivity probe failed without a sign of an outage, serving on (odd answer)",
    );
  });

  it("keeps the driver's error as the cause of DATABASE_UNAVAILABLE, and logs its code", () => {
    const lost = driverError("SessionExpired");
    const mapped = mapDriverError(lost);
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).cause).toBe(lost);
    expect(describeAvailabilityChange(false, mapped)).toBe(
      "Neo4j cannot be reached (SessionExpired: driver text for SessionExpired); " +
        "answering DATABASE_UNAVAILABLE until it is back",
    );
    expect(describeAvailabilityChange(true)).toBe("Neo4j answers again; serving requests");
  });

  it("does not count an error without a driver code as an outage", () => {
    expect(isUnavailableError(new Error("socket hang up"))).toBe(false);
  });

  it("does not let a timeout open the circuit: the database is slow, not gone", async () => {
    const circuit = new Circuit({ probe: async () => undefined });
    await expect(
      circuit.run(async () => Promise.reject(new DatabaseTimeoutError())),
    ).rejects.toBeInstanceOf(DatabaseTimeoutError);
    expect(circuit.isOpen).toBe(false);
    circuit.stop();
  });
});
