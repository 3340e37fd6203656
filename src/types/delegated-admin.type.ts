import { Field, ID, Int, ObjectType } from "type-graphql";
import type { DelegatedAdminRow } from "../db/queries";
import type { PartnerRecord } from "../domain";
import { Connection } from "./connection.type";
import { DateScalar } from "./date.scalar";
import { GdapStatus } from "./enums";
import { Partner } from "./partner.type";
import { Tenant } from "./tenant.type";

@ObjectType({
  simpleResolvers: true,
  description: "A Microsoft Entra built-in role, by its role template id.",
})
export class EntraRole {
  @Field(() => ID, { description: "The role template id (a GUID)." })
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: "The role's name; null for an id the server does not know.",
  })
  name!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A GDAP relationship: the customer's grant of Entra roles on a tenant to a partner, until endsOn.",
})
export class DelegatedAdmin implements Omit<DelegatedAdminRow, "roles"> {
  @Field(() => ID, { description: "The relationship's Microsoft Graph id." })
  relationshipId!: string;

  @Field()
  displayName!: string;

  @Field(() => GdapStatus)
  status!: GdapStatus;

  @Field(() => Partner, { description: "The partner that may administer the tenant." })
  partner!: Partner;

  @Field(() => Tenant)
  tenant!: Tenant;

  viaId!: string | null;

  // Read by the statement itself, with the partner loader's scope rule (as Service.via).
  @Field(() => Partner, {
    nullable: true,
    description: "For a reseller's relationship created by an indirect provider: that provider.",
  })
  via!: PartnerRecord | null;

  // Resolved to EntraRole by DelegatedAdminResolver.roles.
  roleIds!: string[];

  // The tenant's owner's name, for the CSV export; GraphQL clients ask tenant { owner }.
  ownerName!: string;

  @Field(() => DateScalar, { nullable: true, description: "The activation date." })
  since!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Null only while PENDING." })
  endsOn!: string | null;

  @Field({ description: "180 more days at expiry." })
  autoExtend!: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "endsOn − today in whole days, negative once passed; null while there is no endsOn.",
  })
  daysLeft!: number | null;
}

export const DelegatedAdminConnection = Connection(DelegatedAdmin, "DelegatedAdmin");
