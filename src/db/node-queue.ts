/**
 * First come, first served turns at the nodes a write locks, within this process.
 *
 * Every writer also locks its nodes in Neo4j (lockNodes), which is what keeps concurrent writers
 * correct, across processes too. But Neo4j's lock waits are not fair: under a burst of writes on
 * one busy node (a provider most edges name), a waiting transaction can be passed over until its
 * timeout ends it. Queueing here first, in arrival order, means the writers of this server meet
 * in Neo4j one at a time per node, and a wait is bounded by the writers ahead of it.
 *
 * Ids are taken in sorted order, the same order as lockNodes, so two writers never hold one id
 * each while waiting for the other's.
 */
export class NodeQueue {
  /** Per id, the end of its queue: resolves when the last writer in line lets go. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once this writer has its turn at every id, and lets go when it settles. */
  async run<T>(ids: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const id of [...new Set(ids)].sort()) releases.push(await this.take(id));
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Waits for the writers ahead at `id`; resolves with the function that lets the next one in. */
  private async take(id: string): Promise<() => void> {
    const ahead = this.tails.get(id) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = ahead.then(() => done);
    this.tails.set(id, tail);
    await ahead;
    return () => {
      release();
      // The last writer in line clears the entry, so the map holds only ids in use.
      if (this.tails.get(id) === tail) this.tails.delete(id);
    };
  }

  /** How many ids have writers holding or waiting (for tests). */
  get busyIds(): number {
    return this.tails.size;
  }
}
