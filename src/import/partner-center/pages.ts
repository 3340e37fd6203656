/**
 * Saved Partner Center and Microsoft Graph responses, as the APIs return them, and the pure
 * reading of their pages: no I/O here (src/import/partner-center/source.ts reads a folder,
 * fetch.ts the live APIs), so the mapping is tested on plain values.
 */

/** One response body and where it came from: a file under the export folder, or a URL. */
export interface SavedPage {
  source: string;
  body: unknown;
}

/** Everything one signed-in partner's export holds, pages in the order they were fetched. */
export interface SavedExport {
  /** GET /v1/profiles/organization: name, country, CSP tenant id and domain. */
  organization?: SavedPage;
  /** GET /v1/profiles/mpn: the partner's MPN (partner) id. */
  mpn?: SavedPage;
  /** GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf | IsIndirectResellerOf */
  relationships: SavedPage[];
  /** GET /v1/customers, then each continuation. */
  customers: SavedPage[];
  /** GET /v1/customers/{id}/subscriptions per customer, then each continuation. */
  subscriptions: { customerId: string; pages: SavedPage[] }[];
  /** Graph: GET /tenantRelationships/delegatedAdminRelationships, then each @odata.nextLink. */
  delegatedAdmin: SavedPage[];
}

/** Something wrong with a saved response: the file (or URL), the position in it, and what. */
export interface PageProblem {
  source: string;
  /** `items[3].status`, `value`, or empty for the page as a whole. */
  position: string;
  message: string;
}

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Reads `a.b.c` from nested objects; undefined when any step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isJson(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * The date part of a Partner Center or Graph timestamp as `YYYY-MM-DD`. Lenient where the
 * documentation's samples are: older samples write `"2015-11-25T06: 41: 12Z"` (spaces after the
 * colons), and Partner Center writes `0001-01-01T00:00:00` for "no date". Undefined when absent;
 * null when present but not a date.
 */
export function lenientDate(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return null;
  const compact = value.replace(/\s+/g, "");
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)/.exec(compact);
  if (match === null) return null;
  const [, year, month, day] = match;
  if (year === "0001") return undefined;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${year}-${month}-${day}`)
    return null;
  return `${year}-${month}-${day}`;
}

/** One page's items with their positions, or the problem that makes it unreadable. */
export interface ReadPage {
  items: { item: unknown; position: string }[];
  totalCount?: number;
  /** Whether the page says more follow (links.next, @odata.nextLink). */
  continues: boolean;
}

/**
 * Reads a collection page: Partner Center's `{ totalCount, items, links: { next }, attributes:
 * { objectType: "Collection" } }` or Graph's `{ value, "@odata.nextLink" }`. A page that is not
 * an object, lacks its array, or says it is something else is a problem, not an empty page: an
 * export saved from the wrong call must not import as "no customers".
 */
export function readCollection(
  page: SavedPage,
  kind: "items" | "value",
): { page: ReadPage } | { problem: PageProblem } {
  const { body, source } = page;
  if (!isJson(body)) {
    return {
      problem: { source, position: "", message: "the response is not a JSON object" },
    };
  }
  const objectType = at(body, "attributes", "objectType");
  if (kind === "items" && objectType !== undefined && objectType !== "Collection") {
    return {
      problem: {
        source,
        position: "attributes.objectType",
        message: `expected a Collection page, found ${JSON.stringify(objectType)}`,
      },
    };
  }
  const list = body[kind];
  if (!Array.isArray(list)) {
    return {
      problem: {
        source,
        position: kind,
        message: `a page must carry an "${kind}" array${kind === "items" ? " (Partner Center collection)" : " (Microsoft Graph collection)"}`,
      },
    };
  }
  const totalCount = typeof body.totalCount === "number" ? body.totalCount : undefined;
  const continues =
    kind === "items"
      ? text(at(body, "links", "next", "uri")) !== undefined
      : text(body["@odata.nextLink"]) !== undefined;
  return {
    page: {
      items: list.map((item: unknown, index) => ({ item, position: `${kind}[${index}]` })),
      totalCount,
      continues,
    },
  };
}

/**
 * Checks an item's `attributes.objectType` when the item carries one: a Subscription page saved
 * as customers is a problem to report, not customers without names.
 */
export function objectTypeProblem(
  item: Json,
  expected: string,
  source: string,
  position: string,
): PageProblem | undefined {
  const objectType = at(item, "attributes", "objectType");
  if (objectType === undefined || objectType === expected) return undefined;
  return {
    source,
    position: `${position}.attributes.objectType`,
    message: `expected ${expected}, found ${JSON.stringify(objectType)}`,
  };
}
