import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireAdmin } from "../auth/authorize";
import { upsertCustomer } from "../services/node.service";
import { CustomerInput } from "../types/node.input";
import type { Context } from "../context";
import { joinChains } from "../db/mappers";
import { BadUserInputError } from "../errors";
import { Customer, CustomerConnection, CustomerFilter } from "../types/customer.type";
import { Workload } from "../types/enums";
import { Chain, Service } from "../types/service.type";
import { Tenant } from "../types/tenant.type";
import { DEFAULT_PAGE_SIZE, pageByName } from "./pagination";

/** Longest chain `distributionChains` follows; the tier rules keep real ones at two SUPPLIES hops. */
export const MAX_CHAIN_HOPS = 10;

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: "One customer by id; null when unknown." })
  async customer(
    @Arg("id", () => ID) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Customer | null> {
    return loaders.customer.load(id);
  }

  @Query(() => CustomerConnection, { description: "Customers in name order, a page at a time." })
  async customers(
    @Ctx() { db, principal }: Context,
    @Arg("where", () => CustomerFilter, { nullable: true }) where: CustomerFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<InstanceType<typeof CustomerConnection>> {
    return pageByName(
      {
        first,
        after,
        filter: {
          cloud: where?.cloud ?? null,
          country: where?.country ?? null,
        },
        namePrefix: where?.namePrefix ?? null,
        scoped: principal.role === "PARTNER",
      },
      async (params) => (await db.read("customersPage", params)).map((row) => row.customer),
      async (params) => (await db.read("customersCount", params))[0]?.total ?? 0,
      async () => (await db.read("customersCountAll", {}))[0]?.total ?? 0,
    );
  }

  @Query(() => [Service], {
    description:
      "Every partner serving one of the customer's tenants, and how: one Service per edge. With `workload`, only the SERVES_WORKLOAD and PROVISIONS edges of that workload.",
  })
  async whoServes(
    @Arg("customerId", () => ID) customerId: string,
    @Arg("workload", () => Workload, { nullable: true }) workload: Workload | null,
    @Ctx() { loaders }: Context,
  ): Promise<Service[]> {
    return loaders.servicesOfCustomer(workload ?? null).load(customerId) as Promise<Service[]>;
  }

  @Query(() => [Chain], {
    description:
      "Every chain of partners that ends at one of the customer's tenants, upstream first.",
  })
  async distributionChains(
    @Arg("customerId", () => ID) customerId: string,
    @Arg("maxHops", () => Int, { nullable: true, defaultValue: 3 }) maxHops: number | null,
    @Ctx() { db }: Context,
  ): Promise<Chain[]> {
    const hops = maxHops ?? 3;
    if (!Number.isInteger(hops) || hops < 1 || hops > MAX_CHAIN_HOPS) {
      throw new BadUserInputError(
        `maxHops: must be between 1 and ${MAX_CHAIN_HOPS}, got ${hops}`,
        "maxHops",
      );
    }
    return joinChains(
      await db.read("distributionChains", { customerId, maxHops: hops }),
    ) as Chain[];
  }

  @FieldResolver(() => [Tenant])
  async tenants(@Root() customer: Customer, @Ctx() { loaders }: Context): Promise<Tenant[]> {
    return loaders.tenantsOfCustomer.load(customer.id);
  }

  @FieldResolver(() => [Service], {
    description: "Who serves this customer: one Service per edge into one of its tenants.",
  })
  async servedBy(
    @Root() customer: Customer,
    @Arg("workload", () => Workload, { nullable: true }) workload: Workload | null,
    @Ctx() { loaders }: Context,
  ): Promise<Service[]> {
    return loaders.servicesOfCustomer(workload ?? null).load(customer.id) as Promise<Service[]>;
  }

  @Mutation(() => Customer, { description: "Creates or updates a customer by id." })
  async upsertCustomer(
    @Arg("input", () => CustomerInput) input: CustomerInput,
    @Ctx() { db, principal, idempotency }: Context,
  ): Promise<Customer> {
    requireAdmin(principal);
    return upsertCustomer(db, { ...input }, idempotency?.claim("upsertCustomer", input) ?? null);
  }
}
