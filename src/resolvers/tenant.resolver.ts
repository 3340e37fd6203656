import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireAdmin } from "../auth/authorize";
import { ownerKindFor } from "../policy/ownership";
import { upsertTenant } from "../services/node.service";
import { TenantInput } from "../types/node.input";
import type { Context } from "../context";
import { Workload } from "../types/enums";
import { Service } from "../types/service.type";
import { Owner, Tenant } from "../types/tenant.type";
import type { Customer } from "../types/customer.type";
import type { Partner } from "../types/partner.type";

@Resolver(() => Tenant)
export class TenantResolver {
  @Query(() => Tenant, {
    nullable: true,
    description: "One tenant by its GUID; null when unknown.",
  })
  async tenant(
    @Arg("id", () => ID) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Tenant | null> {
    return loaders.tenant.load(id);
  }

  @FieldResolver(() => Owner)
  async owner(@Root() tenant: Tenant, @Ctx() { loaders }: Context): Promise<Partner | Customer> {
    const owner =
      tenant.ownerKind === "Partner"
        ? await loaders.partner.load(tenant.ownerId)
        : await loaders.customer.load(tenant.ownerId);
    // Every tenant has exactly one owner (mergeTenants guarantees it); a miss is a broken graph.
    if (owner === null) throw new Error(`Tenant ${tenant.id} has no owner ${tenant.ownerId}`);
    return owner;
  }

  @FieldResolver(() => [Service], {
    description: "Who serves this tenant: one Service per edge into it.",
  })
  async servedBy(
    @Root() tenant: Tenant,
    @Arg("workload", () => Workload, { nullable: true }) workload: Workload | null,
    @Ctx() { loaders }: Context,
  ): Promise<Service[]> {
    return loaders.servicesOfTenant(workload ?? null).load(tenant.id) as Promise<Service[]>;
  }

  @Mutation(() => Tenant, {
    description: "Creates or updates a tenant (TenantInput carries ownerId).",
  })
  async upsertTenant(
    @Arg("input", () => TenantInput) input: TenantInput,
    @Ctx() { loaders, db, principal, idempotency }: Context,
  ): Promise<Tenant> {
    requireAdmin(principal);
    const written = await upsertTenant(
      db,
      { ...input },
      idempotency?.claim("upsertTenant", input) ?? null,
    );
    loaders.tenant.clear(written.id);
    return { ...written, ownerKind: ownerKindFor(written.purpose) };
  }
}
