import fs from "node:fs";
import path from "node:path";
import type { PageProblem, SavedExport, SavedPage } from "./pages";

/**
 * The folder layout of a saved export (README, "Partner Center exports"). A resource's pages are
 * `NAME.json`, then `NAME-2.json`, `NAME-3.json`, … in the order the continuation links were
 * followed; subscriptions are saved per customer as `subscriptions/<customer-id>.json` (and `-2`…).
 */
export const EXPORT_FILES = {
  organization: "organization.json",
  mpn: "mpn.json",
  relationships: "relationships",
  customers: "customers",
  subscriptions: "subscriptions",
  delegatedAdmin: "delegatedAdminRelationships",
} as const;

/** `customers.json` is page 1, `customers-2.json` page 2; undefined for other names. */
function pageNumber(file: string, base: string): number | undefined {
  if (file.toLowerCase() === `${base}.json`.toLowerCase()) return 1;
  const match = new RegExp(
    `^${base.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}-(\\d+)\\.json$`,
    "i",
  ).exec(file);
  return match === null ? undefined : Number(match[1]);
}

/** Reads a file as JSON; a file that is not JSON becomes a problem naming where parsing stopped. */
function readPage(dir: string, relative: string, problems: PageProblem[]): SavedPage | undefined {
  const text = fs.readFileSync(path.join(dir, relative), "utf8");
  try {
    // A UTF-8 byte order mark is what PowerShell 5's Out-File writes; JSON.parse refuses it.
    return { source: relative, body: JSON.parse(text.replace(/^\uFEFF/, "")) as unknown };
  } catch (error) {
    problems.push({
      source: relative,
      position: positionOf(text, (error as Error).message),
      message: `not JSON: ${(error as Error).message}`,
    });
    return undefined;
  }
}

/** "line 3, column 7" from V8's "... at position 41" (or "(line 3 column 7)"), when it says. */
function positionOf(text: string, message: string): string {
  const offset = /position (\d+)/.exec(message);
  if (offset === null) return "";
  const before = text.slice(0, Number(offset[1]));
  const lines = before.split("\n");
  return `line ${lines.length}, column ${(lines[lines.length - 1]?.length ?? 0) + 1}`;
}

function pagesIn(dir: string, folder: string, base: string, problems: PageProblem[]): SavedPage[] {
  const where = path.join(dir, folder);
  if (!fs.existsSync(where)) return [];
  return fs
    .readdirSync(where)
    .map((file) => ({ file, page: pageNumber(file, base) }))
    .filter((entry): entry is { file: string; page: number } => entry.page !== undefined)
    .sort((a, b) => a.page - b.page)
    .map(({ file }) => readPage(dir, path.join(folder, file), problems))
    .filter((page): page is SavedPage => page !== undefined);
}

const SUBSCRIPTION_FILE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-\d+)?\.json$/i;

/** Reads a saved export folder; files that are not JSON come back as problems. */
export function readExportFolder(dir: string): { saved: SavedExport; problems: PageProblem[] } {
  const problems: PageProblem[] = [];
  const single = (file: string): SavedPage | undefined =>
    fs.existsSync(path.join(dir, file)) ? readPage(dir, file, problems) : undefined;
  const subscriptionsDir = path.join(dir, EXPORT_FILES.subscriptions);
  const customerIds = fs.existsSync(subscriptionsDir)
    ? [
        ...new Set(
          fs
            .readdirSync(subscriptionsDir)
            // Customer ids are GUIDs, so a trailing `-2` is a page number, not part of the id.
            .map((file) => SUBSCRIPTION_FILE.exec(file)?.[1]?.toLowerCase())
            .filter((id): id is string => id !== undefined),
        ),
      ].sort()
    : [];
  const saved: SavedExport = {
    organization: single(EXPORT_FILES.organization),
    mpn: single(EXPORT_FILES.mpn),
    relationships: pagesIn(dir, "", EXPORT_FILES.relationships, problems),
    customers: pagesIn(dir, "", EXPORT_FILES.customers, problems),
    subscriptions: customerIds.map((customerId) => ({
      customerId,
      pages: pagesIn(dir, EXPORT_FILES.subscriptions, customerId, problems),
    })),
    delegatedAdmin: pagesIn(dir, "", EXPORT_FILES.delegatedAdmin, problems),
  };
  return { saved, problems };
}
