import neo4j from "neo4j-driver";

/**
 * Turns what the driver returns into plain values, in one place, before anything reaches a
 * GraphQL type: integers become numbers, dates become `YYYY-MM-DD`, other temporals ISO strings,
 * nodes and relationships their property maps.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    // Counts and ids stay far below 2^53; a value beyond it would be a bug upstream.
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (neo4j.isDate(value)) return value.toString();
  if (
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain(value.properties);
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object") {
    const plain: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) plain[key] = toPlain(inner);
    return plain;
  }
  return value;
}
