import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Partner } from "../types/partner.type";
import { Service } from "../types/service.type";

@Resolver(() => Service)
export class ServiceResolver {
  @FieldResolver(() => Partner, {
    nullable: true,
    description: "The indirect provider above an indirect reseller (the edge's `via`).",
  })
  async via(@Root() service: Service, @Ctx() { loaders }: Context): Promise<Partner | null> {
    return service.viaId === null ? null : loaders.partner.load(service.viaId);
  }
}
