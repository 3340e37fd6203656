import type { ImportReport } from "../services/import.service";

/**
 * Prints an import's invalid and refused rows to stderr, one line per problem or broken rule,
 * each row named by `where` (its place in the document, and whatever the command adds).
 */
export function printRefusedRows(
  report: ImportReport,
  where: (path: string) => string = (path) => path,
): void {
  for (const problem of report.problems)
    console.error(`${where(problem.path)}: ${problem.message}`);
  for (const { path, violations } of report.refused) {
    for (const violation of violations)
      console.error(`${where(path)}: ${violation.rule}: ${violation.message}`);
  }
}

/** The line counting an import's refusals by rule, when it refused any. */
export function printRefusedByRule(report: ImportReport): void {
  const rules = Object.entries(report.byRule).sort(([a], [b]) => a.localeCompare(b));
  if (rules.length > 0)
    console.log(`Refused by rule: ${rules.map(([rule, count]) => `${rule}=${count}`).join(", ")}`);
}
