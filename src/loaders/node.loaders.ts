import DataLoader from "dataloader";
import type { Db } from "../db/database";
import type { PartnerRecord } from "../domain";

/**
 * Builds a DataLoader whose batch runs one statement over all keys and returns exactly one result
 * per key, in key order, `null` for a miss (DataLoader's contract).
 */
export function keyedLoader<V>(fetch: (keys: string[]) => Promise<{ key: string; value: V }[]>) {
  return new DataLoader<string, V | null>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** The per-request loaders; a new set for every request, never a process-wide cache. */
export function createLoaders(db: Db) {
  return {
    partner: keyedLoader<PartnerRecord>(async (ids) =>
      (await db.read("partnersByIds", { ids })).map((row) => ({
        key: row.key,
        value: row.partner,
      })),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
