/**
 * Code-unit order, the order Cypher's ORDER BY gives the ids and positions the audit compares
 * (localeCompare would not agree with the index it pages).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
