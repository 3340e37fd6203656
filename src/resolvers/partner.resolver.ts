import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireAdmin } from "../auth/authorize";
import { upsertPartner } from "../services/node.service";
import { PartnerInput } from "../types/node.input";
import type { Context } from "../context";
import type { Loaders } from "../loaders/node.loaders";
import { CustomerConnection } from "../types/customer.type";
import { RelationshipState } from "../types/enums";
import { Partner, PartnerConnection, PartnerFilter } from "../types/partner.type";
import { Tenant } from "../types/tenant.type";
import { DEFAULT_PAGE_SIZE, checkPageSize, decodeCursor, pageByName, toPage } from "./pagination";

type CustomerPage = InstanceType<typeof CustomerConnection>;

@Resolver(() => Partner)
export class PartnerResolver {
  @Query(() => Partner, { nullable: true, description: "One partner by id; null when unknown." })
  async partner(
    @Arg("id", () => ID) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Partner | null> {
    return loaders.partner.load(id);
  }

  @Query(() => PartnerConnection, { description: "Partners in name order, a page at a time." })
  async partners(
    @Ctx() { db, principal }: Context,
    @Arg("where", () => PartnerFilter, { nullable: true }) where: PartnerFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<InstanceType<typeof PartnerConnection>> {
    return pageByName(
      {
        first,
        after,
        filter: {
          role: where?.role ?? null,
          cloud: where?.cloud ?? null,
          country: where?.country ?? null,
        },
        namePrefix: where?.namePrefix ?? null,
        scoped: principal.role === "PARTNER",
      },
      async (params) => (await db.read("partnersPage", params)).map((row) => row.partner),
      async (params) => (await db.read("partnersCount", params))[0]?.total ?? 0,
      async () => (await db.read("partnersCountAll", {}))[0]?.total ?? 0,
    );
  }

  @FieldResolver(() => [Tenant], {
    description: "The tenants this partner owns (CSP and corporate).",
  })
  async tenants(@Root() partner: Partner, @Ctx() { loaders }: Context): Promise<Tenant[]> {
    return loaders.tenantsOfPartner.load(partner.id);
  }

  @FieldResolver(() => [Partner], {
    description: "Resellers this provider SUPPLIES, by the edge's state.",
  })
  async resellers(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("state", () => RelationshipState, {
      nullable: true,
      defaultValue: RelationshipState.ACTIVE,
    })
    state: RelationshipState | null,
  ): Promise<Partner[]> {
    return loaders.resellers(state ?? RelationshipState.ACTIVE).load(partner.id);
  }

  @FieldResolver(() => [Partner], {
    description: "Providers that SUPPLY this reseller, by the edge's state.",
  })
  async providers(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("state", () => RelationshipState, {
      nullable: true,
      defaultValue: RelationshipState.ACTIVE,
    })
    state: RelationshipState | null,
  ): Promise<Partner[]> {
    return loaders.providers(state ?? RelationshipState.ACTIVE).load(partner.id);
  }

  @FieldResolver(() => CustomerConnection, {
    description:
      "Customers this partner serves directly: a RESELLS_FOR (not REMOVED), SERVES_WORKLOAD or PROVISIONS edge into one of their tenants.",
  })
  async customers(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<CustomerPage> {
    return customerPage(loaders.customersOfPartner, partner.id, first, after);
  }

  @FieldResolver(() => CustomerConnection, {
    description:
      "Customers served directly, and for a provider also through the resellers it ACTIVE-supplies (edges that name it in `via`).",
  })
  async downstreamCustomers(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<CustomerPage> {
    return customerPage(loaders.downstreamCustomersOfPartner, partner.id, first, after);
  }

  @Mutation(() => Partner, { description: "Creates or updates a partner by id." })
  async upsertPartner(
    @Arg("input", () => PartnerInput) input: PartnerInput,
    @Ctx() { db, principal, idempotency }: Context,
  ): Promise<Partner> {
    requireAdmin(principal);
    return upsertPartner(db, { ...input }, idempotency?.claim("upsertPartner", input) ?? null);
  }
}

/** One page of a partner's customers, batched with its siblings' pages of the same arguments. */
async function customerPage(
  loader: Loaders["customersOfPartner"],
  partnerId: string,
  first: number | null,
  after: string | null,
): Promise<CustomerPage> {
  const size = checkPageSize(first);
  const position = decodeCursor(after);
  const { page, total } = await loader({
    afterName: position?.name ?? null,
    afterId: position?.id ?? null,
    limit: size + 1,
  }).load(partnerId);
  return toPage(page, size, total);
}
