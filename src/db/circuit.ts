import { DatabaseUnavailableError } from "../errors";

export interface CircuitOptions {
  /** Asks the database whether it answers: resolves when it does, rejects with why not. */
  probe: () => Promise<void>;
  /**
   * Whether a probe's error says the database is away (refused or dropped connection, a database
   * stopping). Any other error, like a probe that outlasts probeTimeoutMs, proves nothing either
   * way: a busy database answers slowly or oddly but is there. Unset: every error counts.
   */
  isOutage?: (error: unknown) => boolean;
  /** Told each error a probe ends in, and whether it counted as an outage. */
  onProbeError?: (error: unknown, outage: boolean) => void;
  /** While open, how often the probe runs to find the database back. */
  probeIntervalMs?: number;
  /**
   * A probe still unanswered after this long proves nothing either way: a busy database is slow
   * but there. It does not open the circuit, nor close an open one, and check() says false.
   */
  probeTimeoutMs?: number;
  /** A call still running after this long makes the circuit probe the database. */
  slowCallMs?: number;
  /** Told when the circuit opens (`true`, with the error that opened it) or closes (`false`). */
  onChange?: (open: boolean, why?: unknown) => void;
}

type ProbeResult = { status: "up" } | { status: "down"; error: unknown } | { status: "unknown" };

/**
 * Fails requests fast while Neo4j is away. The driver retries an unreachable database for
 * seconds before it gives up, so without this every request would hang that long.
 *
 * Closed (normal): calls run. A call that ends in DatabaseUnavailableError, or a probe whose error
 * is an outage (the database refuses or drops the connection), opens it; a call still running after
 * `slowCallMs` starts such a probe, so a dead database is found without waiting for the driver.
 * Open: new calls fail at once with DatabaseUnavailableError, calls in flight are answered
 * with it immediately (their transactions end on their own), and a background probe runs every
 * `probeIntervalMs` until the database answers, which closes the circuit again.
 */
export class Circuit {
  private open = false;
  private stopped = false;
  private readonly inFlight = new Set<(error: DatabaseUnavailableError) => void>();
  private probing: Promise<ProbeResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly slowCallMs: number;

  constructor(private readonly options: CircuitOptions) {
    this.probeIntervalMs = options.probeIntervalMs ?? 500;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 1_000;
    this.slowCallMs = options.slowCallMs ?? 200;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Runs `work`, unless the database is known to be away. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.open) return Promise.reject(new DatabaseUnavailableError());
    return new Promise<T>((resolve, reject) => {
      const abandon = (error: DatabaseUnavailableError): void => reject(error);
      this.inFlight.add(abandon);
      const slow = setTimeout(() => void this.check(), this.slowCallMs);
      slow.unref();
      work()
        .then(resolve, (error: unknown) => {
          if (error instanceof DatabaseUnavailableError) this.trip(error);
          reject(error);
        })
        .finally(() => {
          clearTimeout(slow);
          this.inFlight.delete(abandon);
        });
    });
  }

  /**
   * Probes the database now (sharing a probe already running) and opens the circuit if the
   * probe fails; true when it answers in time. While open, answers false without probing.
   */
  async check(): Promise<boolean> {
    if (this.open) return false;
    const result = await this.probeOnce();
    if (result.status === "down") this.trip(result.error);
    return result.status === "up";
  }

  /** Stops the background probe; for shutting down. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Opens the circuit because of `why`, which the calls it abandons carry as their cause. */
  private trip(why: unknown): void {
    if (this.open || this.stopped) return;
    this.open = true;
    const error = why instanceof DatabaseUnavailableError ? why : new DatabaseUnavailableError(why);
    for (const abandon of this.inFlight) abandon(error);
    this.inFlight.clear();
    this.options.onChange?.(true, why);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.probeOnce().then((result) => {
        if (this.stopped) return;
        if (result.status !== "up") {
          this.scheduleProbe();
          return;
        }
        this.open = false;
        this.options.onChange?.(false);
      });
    }, this.probeIntervalMs);
    // The probe never keeps a process alive by itself.
    this.timer.unref();
  }

  private probeOnce(): Promise<ProbeResult> {
    if (this.probing === null) {
      let timeout: NodeJS.Timeout | undefined;
      const expired = new Promise<ProbeResult>((resolve) => {
        timeout = setTimeout(() => resolve({ status: "unknown" }), this.probeTimeoutMs);
        timeout.unref();
      });
      const answered = this.options.probe().then(
        (): ProbeResult => ({ status: "up" }),
        (error: unknown): ProbeResult => {
          const outage = this.options.isOutage?.(error) ?? true;
          this.options.onProbeError?.(error, outage);
          return outage ? { status: "down", error } : { status: "unknown" };
        },
      );
      this.probing = Promise.race([answered, expired]).finally(() => {
        clearTimeout(timeout);
        this.probing = null;
      });
    }
    return this.probing;
  }
}
