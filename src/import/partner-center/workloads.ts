import { Workload } from "../../domain";

/**
 * The one place where Partner Center's products become DOMAIN.md workloads. Partner Center has no
 * workload field: a subscription says its `offerName` (and, on newer payloads, a `productType`
 * such as `{ "id": "Azure", "displayName": "Azure" }`), so the workload is read from those names.
 * Rows are tried in order, the first match wins: "Microsoft 365 E3" must be tested before the
 * Office 365 patterns, which would also match its "Exchange" add-ons. Anything unmatched is OTHER
 * (and the import report counts it, so an analyst sees which offers to add here).
 */
export const WORKLOAD_TABLE: readonly { pattern: RegExp; workload: Workload; example: string }[] = [
  { pattern: /\bazure\b/i, workload: Workload.AZURE, example: "Microsoft Azure, Azure plan" },
  {
    pattern: /\b(microsoft|m) ?365\b|\bm365\b/i,
    workload: Workload.MICROSOFT_365,
    example: "Microsoft 365 Business Premium, Microsoft 365 E3",
  },
  {
    pattern: /\boffice ?365\b|\bexchange online\b|\bsharepoint online\b|\bteams\b/i,
    workload: Workload.OFFICE_365,
    example: "Office 365 E3, Exchange Online (Plan 1)",
  },
  {
    pattern: /\bdynamics\b/i,
    workload: Workload.DYNAMICS_365,
    example: "Dynamics 365 Sales Professional",
  },
  {
    pattern: /\benterprise mobility\b|\bems\b|\bintune\b/i,
    workload: Workload.ENTERPRISE_MOBILITY,
    example: "Enterprise Mobility + Security E3, Microsoft Intune",
  },
];

/**
 * The workload of a subscription: its product type first (a structured field, when present),
 * then its offer name; `known` is false when nothing matched and OTHER is a guess.
 */
export function workloadOf(
  productType: string | undefined,
  offerName: string | undefined,
): { workload: Workload; known: boolean } {
  for (const name of [productType, offerName]) {
    if (name === undefined) continue;
    const row = WORKLOAD_TABLE.find(({ pattern }) => pattern.test(name));
    if (row !== undefined) return { workload: row.workload, known: true };
  }
  return { workload: Workload.OTHER, known: false };
}
