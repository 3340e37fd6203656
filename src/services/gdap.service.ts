import type { Db } from "../db/database";
import type { DelegatedAdminRow, Row } from "../db/queries";
import { GLOBAL_ADMINISTRATOR, addDays, daysBetween, entraRoleName } from "../domain";
import { today } from "./edge.service";

/** ACTIVE GDAP relationships ending from today to today + 7 and + 30 days, all and with GA. */
export type GdapExpiryCounts = Row<"gdapExpiryCounts">;

/** The figures behind the Prometheus gauges: one statement over the delegated_admin_expiry index. */
export async function gdapExpiryCounts(db: Db): Promise<GdapExpiryCounts> {
  const date = today();
  const [row] = await db.read("gdapExpiryCounts", {
    from: date,
    until7: addDays(date, 7),
    until30: addDays(date, 30),
    globalAdmin: GLOBAL_ADMINISTRATOR,
  });
  return row ?? { within7: 0, within30: 0, globalAdminWithin7: 0, globalAdminWithin30: 0 };
}

/**
 * Every ACTIVE relationship ending from today to today + `withinDays`, soonest first, a page of
 * the same statement as expiringDelegatedAdmins at a time (for the CSV export).
 */
export async function* expiringRelationships(
  db: Db,
  withinDays: number,
  pageSize = 1_000,
): AsyncGenerator<DelegatedAdminRow> {
  const date = today();
  const window = { from: date, until: addDays(date, withinDays) };
  let afterEndsOn: string | null = null;
  let afterId: string | null = null;
  for (;;) {
    const rows: Row<"expiringDelegatedAdmins">[] = await db.read("expiringDelegatedAdmins", {
      ...window,
      afterEndsOn,
      afterId,
      limit: pageSize,
    });
    for (const { admin } of rows) yield admin;
    const last: DelegatedAdminRow | undefined = rows.at(-1)?.admin;
    if (last === undefined || rows.length < pageSize) return;
    afterEndsOn = last.endsOn;
    afterId = last.relationshipId;
  }
}

/** The columns of the expiring-relationships CSV, in order. */
export const GDAP_CSV_HEADER = [
  "partner_id",
  "partner",
  "customer",
  "tenant_domain",
  "relationship_id",
  "relationship",
  "roles",
  "ends_on",
  "days_left",
  "auto_extend",
] as const;

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV line (no line break) of one expiring relationship, its roles by name (an unknown one by id). */
export function gdapCsvLine(admin: DelegatedAdminRow, date: string): string {
  const roles = admin.roles.map((id) => entraRoleName(id) ?? id).join("; ");
  const daysLeft = admin.endsOn === null ? "" : String(daysBetween(date, admin.endsOn));
  return [
    admin.partner.id,
    admin.partner.name,
    admin.ownerName,
    admin.tenant.domain,
    admin.relationshipId,
    admin.displayName,
    roles,
    admin.endsOn ?? "",
    daysLeft,
    String(admin.autoExtend),
  ]
    .map(csvField)
    .join(",");
}
