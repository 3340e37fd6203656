import neo4j from "neo4j-driver";

/**
 * Turns what the driver returns into plain values, in one place, before anything reaches a
 * GraphQL type: integers become numbers, dates become `YYYY-MM-DD`, other temporals ISO strings,
 * nodes and relationships their property maps.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Strings, numbers and booleans, most of what a row holds, need no conversion.
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(toPlain);
  // Maps Cypher builds (`p {.*}`, `{partner: …}`) come back as plain objects.
  if (Object.getPrototypeOf(value) === Object.prototype) return plainObject(value);
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
  return plainObject(value);
}

function plainObject(value: object): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    plain[key] = toPlain((value as Record<string, unknown>)[key]);
  }
  return plain;
}
