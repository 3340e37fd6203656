import { Field, ID, InputType } from "type-graphql";
import { Cloud, PartnerRole, TenantPurpose } from "./enums";

@InputType({ description: "A partner to create or update by id." })
export class PartnerInput {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => PartnerRole)
  role!: PartnerRole;

  @Field(() => Cloud)
  cloud!: Cloud;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;

  @Field(() => [String], {
    nullable: true,
    description: "Countries it may sell in; defaults to [country].",
  })
  markets?: string[];

  @Field()
  mpaSigned!: boolean;
}

@InputType({ description: "A customer to create or update by id." })
export class CustomerInput {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Cloud)
  cloud!: Cloud;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;
}

@InputType({ description: "A tenant to create or update by its GUID, with its one owner." })
export class TenantInput {
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

  @Field(() => ID, {
    description: "The partner (CSP, CORPORATE) or customer (CUSTOMER) that owns it.",
  })
  ownerId!: string;
}
