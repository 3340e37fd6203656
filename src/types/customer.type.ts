import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { CustomerRecord } from "../domain";
import { Connection } from "./connection.type";
import { Cloud } from "./enums";

@ObjectType({
  simpleResolvers: true,
  description: "An organisation buying through the CSP channel; it owns tenants.",
})
export class Customer implements CustomerRecord {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => Cloud)
  cloud!: Cloud;

  @Field({ description: "ISO 3166 alpha-2 country code." })
  country!: string;
}

export const CustomerConnection = Connection(Customer, "Customer");

@InputType({ description: "Narrows a customer list; every field given must match." })
export class CustomerFilter {
  @Field(() => Cloud, { nullable: true })
  cloud?: Cloud;

  @Field({ nullable: true, description: "ISO 3166 alpha-2 country code." })
  country?: string;

  @Field({ nullable: true, description: "Names starting with this text (case-sensitive)." })
  namePrefix?: string;
}
