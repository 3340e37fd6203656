import { NAMED } from "./naming";
import type { OtherPartners } from "./naming";
import type { EdgeType } from "../domain";
import { UnreachableCaseError } from "../unreachable";
import type { EdgeFacts } from "./facts";
import { POLICY_RULES } from "./rules";
import type { PolicyRule } from "./rules";

/** One broken rule: its DOMAIN.md id and a message naming the nodes and what would fix it. */
export interface Violation {
  rule: string;
  message: string;
}

/** The verdict on one edge: `allowed` unless some ERROR-severity rule is broken. */
export interface PolicyDecision {
  allowed: boolean;
  /** Broken ERROR rules, in POLICY_RULES order. */
  violations: Violation[];
  /** Broken WARNING rules, in POLICY_RULES order: reported, but they do not refuse the edge. */
  warnings: Violation[];
}

/**
 * The rules that run on an edge of this type, in POLICY_RULES order: on a write, those that are
 * not audit-only; in the audit (`audit`), all of them.
 */
export function rulesFor(type: EdgeType, audit = false): PolicyRule[] {
  return POLICY_RULES.filter(
    (rule) => rule.appliesTo.includes(type) && (audit || rule.auditOnly !== true),
  );
}

/**
 * Judges one edge against every rule that applies to its type. Pure: the facts are gathered
 * beforehand (src/db for a new or stored edge, the importer for a document), so the same call
 * serves createEdge, validateEdge, import and the audit. Every rule runs, so a refused edge
 * lists all its problems at once rather than the first. The audit passes `audit` to run the
 * audit-only rules too (GDAP_EXPIRED).
 */
export function evaluateEdge(
  facts: EdgeFacts,
  others: OtherPartners = NAMED,
  audit = false,
): PolicyDecision {
  const violations: Violation[] = [];
  const warnings: Violation[] = [];
  for (const rule of rulesFor(facts.edge.type, audit)) {
    const message = rule.check(facts, others);
    if (message === null) continue;
    const found: Violation = { rule: rule.id, message };
    switch (rule.severity) {
      case "ERROR":
        violations.push(found);
        break;
      case "WARNING":
        warnings.push(found);
        break;
      default:
        throw new UnreachableCaseError(rule.severity);
    }
  }
  return { allowed: violations.length === 0, violations, warnings };
}
