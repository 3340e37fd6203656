import { Circuit } from "../../src/db/circuit";
import { DatabaseUnavailableError } from "../../src/errors";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A database stand-in whose availability the test switches. */
function fakeDatabase() {
  const state = { up: true, probes: 0 };
  const probe = async (): Promise<void> => {
    state.probes += 1;
    if (!state.up) throw new Error("connection refused");
  };
  return { state, probe };
}

describe("Circuit", () => {
  const circuits: Circuit[] = [];
  const circuit = (options: ConstructorParameters<typeof Circuit>[0]): Circuit => {
    const created = new Circuit({ probeIntervalMs: 20, slowCallMs: 30, ...options });
    circuits.push(created);
    return created;
  };
  afterEach(() => circuits.splice(0).forEach((created) => created.stop()));

  it("runs calls while the database answers", async () => {
    const { probe } = fakeDatabase();
    await expect(circuit({ probe }).run(async () => 42)).resolves.toBe(42);
  });

  it("opens on DatabaseUnavailableError, then fails at once without calling", async () => {
    const { state, probe } = fakeDatabase();
    state.up = false;
    const changes: boolean[] = [];
    const breaker = circuit({ probe, onChange: (open) => changes.push(open) });
    await expect(
      breaker.run(async () => Promise.reject(new DatabaseUnavailableError())),
    ).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(breaker.isOpen).toBe(true);
    const work = jest.fn(async () => 1);
    await expect(breaker.run(work)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(work).not.toHaveBeenCalled();
    expect(changes).toEqual([true]);
  });

  it("tells why it opened, and the calls it abandons carry that cause", async () => {
    const { probe } = fakeDatabase();
    const changes: { open: boolean; why: unknown }[] = [];
    const breaker = circuit({ probe, onChange: (open, why) => changes.push({ open, why }) });
    const dropped = new Error("Connection lost. Server didn't respond in 120000ms");
    const waiting = breaker.run(() => new Promise<never>(() => undefined));
    const failing = breaker.run(async () => Promise.reject(new DatabaseUnavailableError(dropped)));
    await expect(failing).rejects.toMatchObject({ cause: dropped });
    const abandoned = await waiting.catch((error: unknown) => error);
    expect(abandoned).toBeInstanceOf(DatabaseUnavailableError);
    expect((abandoned as DatabaseUnavailableError).cause).toBe(dropped);
    expect(changes).toEqual([{ open: true, why: expect.objectContaining({ cause: dropped }) }]);
  });

  it("answers a slow call with DatabaseUnavailableError when the probe finds the database gone", async () => {
    const { state, probe } = fakeDatabase();
    const breaker = circuit({ probe });
    state.up = false;
    // The call itself would hang, the way the driver retries a dead database for seconds.
    await expect(breaker.run(() => new Promise<never>(() => undefined))).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(breaker.isOpen).toBe(true);
  });

  it("lets a slow call finish while the database answers the probe", async () => {
    const { state, probe } = fakeDatabase();
    const breaker = circuit({ probe });
    await expect(breaker.run(() => sleep(100).then(() => "done"))).resolves.toBe("done");
    expect(state.probes).toBeGreaterThan(0);
    expect(breaker.isOpen).toBe(false);
  });

  it("closes again by itself once the probe finds the database back", async () => {
    const { state, probe } = fakeDatabase();
    const changes: boolean[] = [];
    const breaker = circuit({ probe, onChange: (open) => changes.push(open) });
    state.up = false;
    expect(await breaker.check()).toBe(false);
    await sleep(100);
    expect(breaker.isOpen).toBe(true);
    state.up = true;
    const deadline = Date.now() + 1_000;
    while (breaker.isOpen && Date.now() < deadline) await sleep(10);
    expect(breaker.isOpen).toBe(false);
    await expect(breaker.run(async () => "back")).resolves.toBe("back");
    expect(changes).toEqual([true, false]);
  });

  it("reports a probe that hangs as unreachable, without opening: a busy database is there", async () => {
    const breaker = circuit({
      probe: () => new Promise<void>(() => undefined),
      probeTimeoutMs: 50,
    });
    expect(await breaker.check()).toBe(false);
    expect(breaker.isOpen).toBe(false);
    await expect(breaker.run(() => sleep(150).then(() => "slow but fine"))).resolves.toBe(
      "slow but fine",
    );
  });

  it("keeps serving when a probe fails with an error that is not an outage, and reports it", async () => {
    const notAnOutage = new Error("the database answered, but not with its server info");
    const reported: Array<{ error: unknown; outage: boolean }> = [];
    const breaker = circuit({
      probe: () => Promise.reject(notAnOutage),
      isOutage: (error) => error !== notAnOutage,
      onProbeError: (error, outage) => reported.push({ error, outage }),
    });
    // The slow call makes the circuit probe; the probe's failure must not abandon it.
    await expect(breaker.run(() => sleep(100).then(() => "long but healthy"))).resolves.toBe(
      "long but healthy",
    );
    expect(await breaker.check()).toBe(false);
    expect(breaker.isOpen).toBe(false);
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(reported[0]).toEqual({ error: notAnOutage, outage: false });
  });

  it("opens when a probe fails with an error that is an outage, and reports it as one", async () => {
    const refused = new Error("connection refused");
    const reported: boolean[] = [];
    const breaker = circuit({
      probe: () => Promise.reject(refused),
      isOutage: (error) => error === refused,
      onProbeError: (_error, outage) => reported.push(outage),
    });
    await expect(breaker.run(() => new Promise<never>(() => undefined))).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(breaker.isOpen).toBe(true);
    expect(reported[0]).toBe(true);
  });

  it("passes other errors through without opening", async () => {
    const { probe } = fakeDatabase();
    const breaker = circuit({ probe });
    await expect(breaker.run(async () => Promise.reject(new Error("syntax")))).rejects.toThrow(
      "syntax",
    );
    expect(breaker.isOpen).toBe(false);
  });
});
