import { Field, ID, ObjectType, createUnionType } from "type-graphql";
import type { TenantRow } from "../db/queries";
import type { OwnerKind } from "../policy/ownership";
import { Customer } from "./customer.type";
import { Cloud, TenantPurpose } from "./enums";
import { Partner } from "./partner.type";

@ObjectType({
  simpleResolvers: true,
  description: "An Entra ID directory; a customer relationship in Partner Center is per tenant.",
})
export class Tenant implements TenantRow {
  @Field(() => ID, { description: "The directory's GUID." })
  id!: string;

  @Field()
  domain!: string;

  @Field(() => TenantPurpose)
  purpose!: TenantPurpose;

  @Field(() => Cloud)
  cloud!: Cloud;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;

  // Not exposed as such: the `owner` field resolves them to the Partner or Customer.
  ownerId!: string;
  ownerKind!: OwnerKind;
}

export const Owner = createUnionType({
  name: "Owner",
  description: "Who owns a tenant: a partner (its CSP or corporate tenant) or a customer.",
  types: () => [Partner, Customer] as const,
  // Only partners have a role, so the shape tells the two apart without a marker field.
  resolveType: (value) => ("role" in value ? Partner : Customer),
});
