/**
 * First come, first served turns at the locks a write takes, within this process, with a bounded
 * wait: a writer that does not get its turn within `maxWaitMs` gives up with ServerBusyError
 * instead of queueing for seconds behind a burst.
 *
 * Every writer also takes its locks in Neo4j (lockNodes), which is what keeps concurrent writers
 * correct, across processes too. But Neo4j's lock waits are not fair: under a burst of writes on
 * one lock, a waiting transaction can be passed over until its timeout ends it. Queueing here
 * first, in arrival order, means the writers of this server meet in Neo4j one at a time per lock.
 * The locks are as narrow as the rules (src/policy/locks.ts: a tenant, a SUPPLIES pair, a
 * subscription), so writers on one busy provider rarely share a turn at all.
 *
 * Names are taken in sorted order, as lockNodes takes them in Neo4j, so two writers never hold
 * one name each while waiting for the other's.
 */
export class WriteTurns {
  /** Per name, the end of its queue: resolves when the last writer in line lets go. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    /** Longest wait for a turn at all of a write's names together. */
    private readonly maxWaitMs: number,
    /** What a writer that waited too long throws. */
    private readonly busy: () => Error,
  ) {}

  /** Runs `work` once this writer has its turn at every name, and lets go when it settles. */
  async run<T>(
    names: readonly string[],
    work: () => Promise<T>,
    maxWaitMs: number = this.maxWaitMs,
  ): Promise<T> {
    const releases: (() => void)[] = [];
    const deadline = Date.now() + maxWaitMs;
    try {
      for (const name of [...new Set(names)].sort()) {
        const { release, turn } = this.take(name);
        releases.push(release);
        if (!(await beforeDeadline(turn, deadline))) throw this.busy();
      }
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * Joins the queue at `name`: `turn` resolves when the writers ahead let go. Releasing before
   * the turn came (a writer that gave up) lets the next writer in as soon as those ahead are done,
   * so giving up never breaks the line.
   */
  private take(name: string): { release: () => void; turn: Promise<void> } {
    const ahead = this.tails.get(name) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = ahead.then(() => done);
    this.tails.set(name, tail);
    return {
      turn: ahead,
      release: () => {
        release();
        // The last writer in line clears the entry, so the map holds only names in use.
        if (this.tails.get(name) === tail) this.tails.delete(name);
      },
    };
  }

  /** How many names have writers holding or waiting (for tests). */
  get busyNames(): number {
    return this.tails.size;
  }
}

/** True when `turn` resolves before `deadline` (epoch ms), false once it passes. */
async function beforeDeadline(turn: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([turn.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
