/**
 * Seeded randomness for the synthetic channel. Math.random cannot be seeded, and the generator
 * must give the same document for the same seed on every machine and Node version.
 */

/** Mixes numbers into one 32-bit seed (murmur3's finaliser), so derived streams do not overlap. */
export function deriveSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    // Numbers above 2^32 (customer indices never are, but a caller might) keep their high bits.
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b) ^ Math.floor(part / 0x1_0000_0000);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast, and good enough for test data (not for anything secret). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One item, uniformly; the list must not be empty. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError("Random.pick needs a non-empty list");
    return item;
  }

  /** Up to `count` distinct items, in the list's order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, items.length);
    while (chosen.size < wanted) chosen.add(Math.floor(this.next() * items.length));
    return items.filter((_, index) => chosen.has(index));
  }

  /**
   * A Pareto-distributed size (minimum 1, heavy tail): a few large, many small, as partner
   * sizes are. `alpha` near 1 gives a heavier tail; the cap keeps one draw from swamping all.
   */
  pareto(alpha: number, cap: number): number {
    return Math.min(cap, (1 - this.next()) ** (-1 / alpha));
  }
}

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, "0"),
);

/** Eight lower-case hexadecimal digits of an unsigned 32-bit integer (a table beats toString). */
export function hex8(value: number): string {
  return (
    (BYTE_HEX[value >>> 24] ?? "") +
    (BYTE_HEX[(value >>> 16) & 0xff] ?? "") +
    (BYTE_HEX[(value >>> 8) & 0xff] ?? "") +
    (BYTE_HEX[value & 0xff] ?? "")
  );
}

/** Items with weights, drawn in proportion to their weight (binary search over running sums). */
export class WeightedList<T> {
  private readonly items: T[] = [];
  private readonly sums: number[] = [];

  add(item: T, weight: number): void {
    if (!(weight > 0)) return;
    this.items.push(item);
    this.sums.push((this.sums[this.sums.length - 1] ?? 0) + weight);
  }

  get size(): number {
    return this.items.length;
  }

  get all(): readonly T[] {
    return this.items;
  }

  /** One item, in proportion to its weight; undefined when the list is empty. */
  pick(random: Random): T | undefined {
    const total = this.sums[this.sums.length - 1];
    if (total === undefined) return undefined;
    const target = random.next() * total;
    let low = 0;
    let high = this.sums.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.sums[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low];
  }
}
