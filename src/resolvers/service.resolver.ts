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
    // The services statement reads the provider with the edge (with the partner loader's scope
    // rule), so `via` costs no statement of its own; primed for other fields that ask for it.
    if (service.viaId !== null && service.viaPartner !== null) {
      loaders.partner.prime(service.viaId, service.viaPartner);
    }
    return service.viaPartner;
  }
}
