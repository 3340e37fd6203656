import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Partner, PartnerConnection, PartnerFilter } from "../types/partner.type";
import { DEFAULT_PAGE_SIZE, checkPageSize, decodeCursor, toPage } from "./pagination";

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
    @Ctx() { db }: Context,
    @Arg("where", () => PartnerFilter, { nullable: true }) where: PartnerFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<InstanceType<typeof PartnerConnection>> {
    const size = checkPageSize(first);
    const position = decodeCursor(after);
    const filter = {
      role: where?.role ?? null,
      cloud: where?.cloud ?? null,
      country: where?.country ?? null,
      namePrefix: where?.namePrefix ?? null,
    };
    const [rows, counts] = await Promise.all([
      db.read("partnersPage", {
        ...filter,
        afterName: position?.name ?? null,
        afterId: position?.id ?? null,
        limit: size + 1,
      }),
      db.read("partnersCount", filter),
    ]);
    return toPage(
      rows.map((row) => row.partner),
      size,
      counts[0]?.total ?? 0,
    );
  }
}
