import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { PartnerRecord } from "../domain";
import { Connection } from "./connection.type";
import { Cloud, PartnerRole } from "./enums";

@ObjectType({
  simpleResolvers: true,
  description: "A CSP partner: direct-bill, indirect provider or indirect reseller.",
})
export class Partner implements PartnerRecord {
  @Field(() => ID, { description: "Partner ID (MPN ID)." })
  id!: string;

  @Field()
  name!: string;

  @Field(() => PartnerRole)
  role!: PartnerRole;

  @Field(() => Cloud)
  cloud!: Cloud;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;

  @Field(() => [String], { description: "Countries the partner may sell in." })
  markets!: string[];

  @Field({ description: "Whether the partner signed the Microsoft Partner Agreement." })
  mpaSigned!: boolean;
}

export const PartnerConnection = Connection(Partner, "Partner");

@InputType({ description: "Narrows a partner list; every field given must match." })
export class PartnerFilter {
  @Field(() => PartnerRole, { nullable: true })
  role?: PartnerRole;

  @Field(() => Cloud, { nullable: true })
  cloud?: Cloud;

  @Field({ nullable: true, description: "ISO 3166 alpha-2 country code." })
  country?: string;

  @Field({ nullable: true, description: "Names starting with this text (case-sensitive)." })
  namePrefix?: string;
}
