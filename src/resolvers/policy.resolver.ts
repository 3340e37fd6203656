import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver } from "type-graphql";
import { requireEdgeOrigin } from "../auth/authorize";
import type { Context } from "../context";
import { BadUserInputError, ForbiddenError } from "../errors";
import { MAX_PAGE_SIZE } from "../limits";
import { NAMED, WITHHELD } from "../policy/naming";
import type { OtherPartners } from "../policy/naming";
import { POLICY_RULES } from "../policy/rules";
import type { Principal } from "../auth/principal";
import { auditPage, countFindings } from "../services/audit.service";
import type { AuditFinding, AuditPosition } from "../services/audit.service";
import { createEdge, removeEdge, validateEdge } from "../services/edge.service";
import {
  Edge,
  EdgeInput,
  EdgeKeyInput,
  PolicyDecisionObject,
  PolicyRuleObject,
  SeverityEnum,
  ViolationConnection,
} from "../types/policy.type";
import { checkPageSize } from "./pagination";

const DEFAULT_AUDIT_PAGE = 100;

function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(
    JSON.stringify(["a1", position.partnerId, position.edgeKey, position.rule]),
  ).toString("base64url");
}

function decodeAuditCursor(after: string | null | undefined): AuditPosition | null {
  if (after === null || after === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 4 &&
      parsed[0] === "a1" &&
      parsed.slice(1).every((part) => typeof part === "string")
    ) {
      const [, partnerId, edgeKey, rule] = parsed as string[];
      return { partnerId: partnerId ?? "", edgeKey: edgeKey ?? "", rule: rule ?? "" };
    }
  } catch {
    // Falls through: not a cursor of the audit.
  }
  throw new BadUserInputError(`after: "${after}" is not a cursor of policyAudit`, "after");
}

/**
 * A partner's scope ends at its own business: rule messages name the other partners behind a
 * tenant (its owner, who holds a subscription, who serves a workload) only to admins and analysts.
 */
function othersFor(principal: Principal): OtherPartners {
  return principal.role === "PARTNER" ? WITHHELD : NAMED;
}

function toViolation(finding: AuditFinding) {
  const { edge } = finding;
  return {
    rule: finding.rule,
    message: finding.message,
    edge: {
      type: edge.type,
      from: edge.from,
      to: edge.to,
      workload: edge.workload ?? null,
      subscriptionId: edge.subscriptionId ?? null,
      relationshipId: edge.relationshipId ?? null,
    },
  };
}

@Resolver(() => ViolationConnection)
export class PolicyResolver {
  @Query(() => [PolicyRuleObject], { description: "Every CSP rule, with where it comes from." })
  policyRules(): PolicyRuleObject[] {
    return POLICY_RULES.map((rule) => ({
      id: rule.id,
      description: rule.description,
      appliesTo: [...rule.appliesTo],
      severity: rule.severity === "ERROR" ? SeverityEnum.ERROR : SeverityEnum.WARNING,
      source: rule.source,
      auditOnly: rule.auditOnly === true,
    }));
  }

  @Query(() => PolicyDecisionObject, {
    description: "Dry run: would this edge be accepted now, and if not, why.",
  })
  async validateEdge(
    @Arg("input", () => EdgeInput) input: EdgeInput,
    @Ctx() { db, principal }: Context,
  ): Promise<PolicyDecisionObject> {
    // A partner's dry run reads facts about the edge's ends: only for edges it would originate.
    if (principal.role === "PARTNER" && principal.partnerId !== input.from) {
      throw new ForbiddenError(
        `partner ${principal.partnerId} may only judge edges from itself, not from ${input.from}`,
      );
    }
    return validateEdge(db, { ...input }, othersFor(principal));
  }

  @Query(() => ViolationConnection, { description: "Every stored edge that breaks a rule today." })
  async policyAudit(
    @Ctx() { db, principal }: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_AUDIT_PAGE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<ViolationConnection> {
    const size = first === null ? DEFAULT_AUDIT_PAGE : checkPageSize(first);
    const { findings, hasNextPage } = await auditPage(
      db,
      decodeAuditCursor(after),
      Math.min(size, MAX_PAGE_SIZE),
      othersFor(principal),
    );
    const edges = findings.map((finding) => ({
      cursor: encodeAuditCursor(finding.position),
      node: toViolation(finding),
    }));
    return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @FieldResolver(() => Int, {
    description: "How many findings the whole audit has (a full pass over the graph).",
  })
  async totalCount(@Ctx() { db }: Context): Promise<number> {
    return countFindings(db);
  }

  @Mutation(() => Edge, {
    description:
      "Creates an edge if CSP policy allows it; POLICY_VIOLATION names the rules it breaks.",
  })
  async createEdge(
    @Arg("input", () => EdgeInput) input: EdgeInput,
    @Ctx() { db, principal, idempotency }: Context,
  ): Promise<Edge> {
    requireEdgeOrigin(principal, input.from);
    const claim = idempotency?.claim("createEdge", input) ?? null;
    const { edge, warnings } = await createEdge(
      db,
      { ...input },
      othersFor(principal),
      principal.role === "PARTNER",
      claim,
    );
    return { ...edge, warnings };
  }

  @Mutation(() => Boolean, {
    description: "Removes one stored edge; false when there is none. Never cascades.",
  })
  async removeEdge(
    @Arg("input", () => EdgeKeyInput) input: EdgeKeyInput,
    @Ctx() { db, principal, idempotency }: Context,
  ): Promise<boolean> {
    requireEdgeOrigin(principal, input.from);
    return removeEdge(db, { ...input }, idempotency?.claim("removeEdge", input) ?? null);
  }
}
