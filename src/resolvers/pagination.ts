import type { NameRangePage } from "../db/queries";
import { BadUserInputError } from "../errors";
import { MAX_PAGE_SIZE } from "../limits";

export const DEFAULT_PAGE_SIZE = 20;

/** A keyset position in a list ordered by (name, id), which is what every cursor here encodes. */
export interface NameIdPosition {
  name: string;
  id: string;
}

/** Cursors are opaque to clients: a versioned, base64url-encoded keyset position. */
export function encodeCursor(position: NameIdPosition): string {
  return Buffer.from(JSON.stringify(["v1", position.name, position.id]), "utf8").toString(
    "base64url",
  );
}

/** Reads `after`; a cursor this server did not issue is BAD_USER_INPUT naming the argument. */
export function decodeCursor(after: string | null | undefined): NameIdPosition | null {
  if (after === null || after === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === "v1" &&
      typeof parsed[1] === "string" &&
      typeof parsed[2] === "string"
    ) {
      return { name: parsed[1], id: parsed[2] };
    }
  } catch {
    // Falls through to the error below: the client sent something that is not our cursor.
  }
  throw new BadUserInputError(`after: "${after}" is not a cursor of this list`, "after");
}

/** `first` must be within 1..MAX_PAGE_SIZE; an explicit null means the default. */
export function checkPageSize(first: number | null): number {
  if (first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `first: must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`,
      "first",
    );
  }
  return first;
}

/**
 * Builds a Relay page from rows fetched with `limit = first + 1`: the extra row only says
 * whether there is a next page. `count` runs only when a client selects totalCount: counting
 * reads every match, where the page reads `first + 1`.
 */
export function toPage<TNode extends NameIdPosition>(
  rows: TNode[],
  first: number,
  count: () => Promise<number>,
) {
  const edges = rows.slice(0, first).map((node) => new PageEdge(node));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount(): Promise<number> {
      return count();
    },
  };
}

/**
 * An edge whose cursor is encoded when a client selects it, not for every row of every page:
 * a page of a hundred customers under each of fifty resellers is thousands of cursors.
 */
class PageEdge<TNode extends NameIdPosition> {
  constructor(readonly node: TNode) {}

  get cursor(): string {
    return encodeCursor(this.node);
  }
}

/**
 * The page parameters of a whole-label list in (name, id) order: from the cursor's position, or
 * from the start of the name prefix. Fetches one extra row to learn whether a next page exists.
 */
export function nameRangePage(
  position: NameIdPosition | null,
  namePrefix: string | null,
  size: number,
): NameRangePage {
  const prefix = namePrefix ?? "";
  return {
    fromName: position?.name ?? prefix,
    afterId: position?.id ?? null,
    prefix,
    limit: size + 1,
  };
}

/** Whether any filter value is set (an unfiltered count is read from Neo4j's count store). */
export function isFiltered(filter: Record<string, unknown>): boolean {
  return Object.values(filter).some((value) => value !== null && value !== undefined);
}

/**
 * One page of a whole label (partners, customers) in (name, id) order, with its totalCount:
 * the page seeks the name index from the cursor; the count comes from Neo4j's count store
 * unless a filter or a partner's scope makes it a query of its own.
 */
export async function pageByName<
  TNode extends NameIdPosition,
  TFilter extends Record<string, string | null>,
>(
  request: {
    first: number | null;
    after: string | null;
    filter: TFilter;
    namePrefix: string | null;
    scoped: boolean;
  },
  fetchPage: (params: TFilter & NameRangePage) => Promise<TNode[]>,
  countMatching: (params: TFilter & { namePrefix: string | null }) => Promise<number>,
  countAll: () => Promise<number>,
) {
  const size = checkPageSize(request.first);
  const { filter, namePrefix } = request;
  const nodes = await fetchPage({
    ...filter,
    ...nameRangePage(decodeCursor(request.after), namePrefix, size),
  });
  return toPage(nodes, size, () =>
    isFiltered({ ...filter, namePrefix }) || request.scoped
      ? countMatching({ ...filter, namePrefix })
      : countAll(),
  );
}
