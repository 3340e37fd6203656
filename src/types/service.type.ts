import { Field, ID, ObjectType } from "type-graphql";
import type { ServiceRow } from "../db/queries";
import type { PartnerRecord } from "../domain";
import { EdgeType, Workload } from "./enums";
import { Partner } from "./partner.type";
import { Tenant } from "./tenant.type";

@ObjectType({
  simpleResolvers: true,
  description: "One edge by which a partner serves a tenant.",
})
export class Service implements ServiceRow {
  @Field(() => Partner)
  partner!: Partner;

  @Field(() => Tenant)
  tenant!: Tenant;

  @Field(() => EdgeType, { description: "RESELLS_FOR, SERVES_WORKLOAD or PROVISIONS." })
  relation!: EdgeType;

  @Field(() => Workload, { nullable: true, description: "Set for SERVES_WORKLOAD and PROVISIONS." })
  workload!: Workload | null;

  @Field(() => String, { nullable: true, description: "The subscription, for PROVISIONS." })
  subscriptionId!: string | null;

  viaId!: string | null;

  // Read by the services statement itself, with the partner loader's scope rule: a plain field,
  // no resolver and no statement of its own.
  @Field(() => Partner, {
    nullable: true,
    description: "The indirect provider above an indirect reseller (the edge's `via`).",
  })
  via!: PartnerRecord | null;
}

@ObjectType({
  simpleResolvers: true,
  description: "One step of a chain.",
})
export class Hop {
  @Field(() => EdgeType)
  type!: EdgeType;

  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A path of ACTIVE SUPPLIES edges from a partner nothing supplies, then one serving edge into a tenant.",
})
export class Chain {
  @Field(() => [Partner], { description: "Upstream first." })
  partners!: Partner[];

  @Field(() => Tenant)
  tenant!: Tenant;

  @Field(() => [Hop])
  hops!: Hop[];
}
