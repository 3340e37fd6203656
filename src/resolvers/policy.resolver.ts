import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver } from "type-graphql";
import { requireEdgeOrigin } from "../auth/authorize";
import type { Context } from "../context";
import { ForbiddenError } from "../errors";
import { MAX_PAGE_SIZE } from "../limits";
import { NAMED, WITHHELD } from "../policy/naming";
import type { OtherPartners } from "../policy/naming";
import { POLICY_RULES } from "../policy/rules";
import type { Principal } from "../auth/principal";
import { auditPage, auditTotal } from "../services/audit.service";
import { cursorOf, positionOf } from "../services/findings.service";
import type { AuditItem } from "../services/findings.service";
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
import type { ViolationEdge } from "../types/policy.type";
import type { PageInfo } from "../types/connection.type";
import { checkPageSize, decodeCursor, encodeCursor } from "./pagination";

const DEFAULT_AUDIT_PAGE = 100;

/**
 * A partner's scope ends at its own business: rule messages name the other partners behind a
 * tenant (its owner, who holds a subscription, who serves a workload) only to admins and analysts.
 */
function othersFor(principal: Principal): OtherPartners {
  return principal.role === "PARTNER" ? WITHHELD : NAMED;
}

function toViolation(finding: AuditItem) {
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

/** One page of the audit as policyAudit answers it. */
interface AuditPage {
  edges: ViolationEdge[];
  pageInfo: PageInfo;
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
    // The audit's keyset position is (the edge's place in audit order, the rule).
    const position = decodeCursor(after);
    let page: Promise<AuditPage> | null = null;
    const read = async (): Promise<AuditPage> => {
      const { items, hasNextPage } = await auditPage(
        db,
        position === null ? null : positionOf(position.name, position.id),
        Math.min(size, MAX_PAGE_SIZE),
        principal.role === "PARTNER",
      );
      const edges = items.map((item) => ({
        cursor: encodeCursor(cursorOf(item)),
        node: toViolation(item),
      }));
      return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    };
    // Read once, when `edges` or `pageInfo` is selected: `{ totalCount }` alone reads no page.
    const once = (): Promise<AuditPage> => (page ??= read());
    return {
      get edges() {
        return once().then((loaded) => loaded.edges);
      },
      get pageInfo() {
        return once().then((loaded) => loaded.pageInfo);
      },
    };
  }

  @FieldResolver(() => Int, {
    description: "How many findings the whole audit has (counted in an index).",
  })
  async totalCount(@Ctx() { db }: Context): Promise<number> {
    return auditTotal(db);
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
