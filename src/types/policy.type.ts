import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { EdgeRecord } from "../domain";
import type { PolicyDecision } from "../policy/engine";
import { DateScalar } from "./date.scalar";
import {
  Billing,
  Channel,
  EdgeType,
  GdapStatus,
  RelationshipState,
  Workload,
  WorkloadRole,
} from "./enums";
import { PageInfo } from "./connection.type";

// The GraphQL side of src/policy/rules.ts's Severity: named apart in TypeScript so each name means
// one thing, and "Severity" in the schema.
export enum SeverityEnum {
  ERROR = "ERROR",
  WARNING = "WARNING",
}
registerEnumType(SeverityEnum, {
  name: "Severity",
  description: "An ERROR refuses the edge; a WARNING is reported.",
});

@ObjectType({
  simpleResolvers: true,
  description: "Names one edge.",
})
export class EdgeRef {
  @Field(() => EdgeType)
  type!: EdgeType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => Workload, { nullable: true })
  workload?: Workload | null;

  @Field(() => String, { nullable: true })
  subscriptionId?: string | null;

  @Field(() => String, { nullable: true, description: "The key of a DELEGATED_ADMIN edge." })
  relationshipId?: string | null;
}

// The GraphQL side of policy's Violation, PolicyDecision and PolicyRule (src/policy): named
// *Object in TypeScript so that no two types share a name, and after the domain type in GraphQL.
@ObjectType("Violation", {
  simpleResolvers: true,
  description: "One broken rule.",
})
export class ViolationObject {
  @Field({ description: "The rule's id, as listed by policyRules." })
  rule!: string;

  @Field({ description: "What is wrong, naming the nodes, and what would make it pass." })
  message!: string;

  @Field(() => EdgeRef, { nullable: true })
  edge?: EdgeRef | null;
}

@ObjectType("PolicyDecision", {
  simpleResolvers: true,
  description: "Would an edge be accepted, and if not, why.",
})
export class PolicyDecisionObject implements PolicyDecision {
  @Field()
  allowed!: boolean;

  @Field(() => [ViolationObject])
  violations!: ViolationObject[];

  @Field(() => [ViolationObject], { description: "Reported, but they do not refuse the edge." })
  warnings!: ViolationObject[];
}

@ObjectType("PolicyRule", {
  simpleResolvers: true,
  description: "One CSP rule every new edge must pass.",
})
export class PolicyRuleObject {
  @Field()
  id!: string;

  @Field()
  description!: string;

  @Field(() => [EdgeType])
  appliesTo!: EdgeType[];

  @Field(() => SeverityEnum)
  severity!: SeverityEnum;

  @Field({
    description:
      "The Partner Center page (learn.microsoft.com/partner-center/<page>) it comes from.",
  })
  source!: string;

  @Field({
    description: "Run by the audit only, never on a write (GDAP_EXPIRED: stale data, reported).",
  })
  auditOnly!: boolean;
}

@ObjectType("ViolationEdge", { simpleResolvers: true })
export class ViolationEdge {
  @Field()
  cursor!: string;

  @Field(() => ViolationObject)
  node!: ViolationObject;
}

@ObjectType({
  simpleResolvers: true,
  description: "Audit findings, a page at a time.",
})
export class ViolationConnection {
  // The page is read when a client selects it (a count alone reads no page).
  @Field(() => [ViolationEdge])
  edges!: ViolationEdge[] | Promise<ViolationEdge[]>;

  @Field(() => PageInfo)
  pageInfo!: PageInfo | Promise<PageInfo>;

  // totalCount is resolved by PolicyResolver, only when asked for.
}

@InputType({
  description: "An edge to create or judge; which properties apply depends on the type.",
})
export class EdgeInput implements EdgeRecord {
  @Field(() => EdgeType)
  type!: EdgeType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => RelationshipState, {
    nullable: true,
    description: "SUPPLIES, RESELLS_FOR; default ACTIVE.",
  })
  state?: RelationshipState;

  @Field(() => DateScalar, { nullable: true })
  since?: string;

  @Field(() => ID, {
    nullable: true,
    description: "For an indirect reseller: the provider that bills.",
  })
  via?: string;

  @Field(() => Workload, { nullable: true })
  workload?: Workload;

  @Field(() => WorkloadRole, { nullable: true })
  role?: WorkloadRole;

  @Field({ nullable: true })
  subscriptionId?: string;

  @Field(() => Billing, { nullable: true })
  billing?: Billing;

  @Field(() => Channel, { nullable: true, description: "PROVISIONS; default CSP." })
  channel?: Channel;

  @Field(() => DateScalar, { nullable: true })
  termEnd?: string;

  @Field(() => ID, { nullable: true })
  resellerOfRecord?: string;

  @Field(() => String, {
    nullable: true,
    description: "DELEGATED_ADMIN: the GDAP relationship's Graph id, its key.",
  })
  relationshipId?: string;

  @Field(() => String, { nullable: true, description: "DELEGATED_ADMIN: 1 to 50 characters." })
  displayName?: string;

  @Field(() => GdapStatus, { nullable: true })
  status?: GdapStatus;

  @Field(() => [ID], {
    nullable: true,
    description: "DELEGATED_ADMIN: Entra role template ids (GUIDs), at least one.",
  })
  roles?: string[];

  @Field(() => DateScalar, {
    nullable: true,
    description: "DELEGATED_ADMIN: required unless PENDING.",
  })
  endsOn?: string;

  @Field(() => Boolean, { nullable: true, description: "DELEGATED_ADMIN; default false." })
  autoExtend?: boolean;
}

@InputType({
  description:
    "Names one stored edge: workload for SERVES_WORKLOAD, subscriptionId for PROVISIONS, relationshipId for DELEGATED_ADMIN.",
})
export class EdgeKeyInput {
  @Field(() => EdgeType)
  type!: EdgeType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => Workload, { nullable: true })
  workload?: Workload;

  @Field({ nullable: true })
  subscriptionId?: string;

  @Field(() => String, { nullable: true })
  relationshipId?: string;
}

@ObjectType({
  simpleResolvers: true,
  description: "A stored edge, as createEdge wrote it.",
})
export class Edge {
  @Field(() => EdgeType)
  type!: EdgeType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => RelationshipState, { nullable: true })
  state?: RelationshipState | null;

  @Field(() => DateScalar, { nullable: true })
  since?: string | null;

  @Field(() => ID, { nullable: true })
  via?: string | null;

  @Field(() => Workload, { nullable: true })
  workload?: Workload | null;

  @Field(() => WorkloadRole, { nullable: true })
  role?: WorkloadRole | null;

  @Field(() => String, { nullable: true })
  subscriptionId?: string | null;

  @Field(() => Billing, { nullable: true })
  billing?: Billing | null;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => DateScalar, { nullable: true })
  termEnd?: string | null;

  @Field(() => ID, { nullable: true })
  resellerOfRecord?: string | null;

  @Field(() => String, { nullable: true })
  relationshipId?: string | null;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => GdapStatus, { nullable: true })
  status?: GdapStatus | null;

  @Field(() => [ID], { nullable: true })
  roles?: string[] | null;

  @Field(() => DateScalar, { nullable: true })
  endsOn?: string | null;

  @Field(() => Boolean, { nullable: true })
  autoExtend?: boolean | null;

  @Field(() => [ViolationObject], {
    description: "Warnings the rules reported; the edge was written.",
  })
  warnings!: ViolationObject[];
}
