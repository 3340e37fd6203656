import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import type { DelegatedAdminRow } from "../db/queries";
import { GDAP_MAX_DAYS, addDays, daysBetween, entraRoleName } from "../domain";
import type { GdapStatus as GdapStatusValue } from "../domain";
import { BadUserInputError } from "../errors";
import { isGuid } from "../interchange";
import { today } from "../services/edge.service";
import { DelegatedAdmin, DelegatedAdminConnection, EntraRole } from "../types/delegated-admin.type";
import { GdapStatus } from "../types/enums";
import { Partner } from "../types/partner.type";
import { Tenant } from "../types/tenant.type";
import { DEFAULT_PAGE_SIZE, checkPageSize, decodeCursor, encodeCursor } from "./pagination";

type DelegatedAdminPage = InstanceType<typeof DelegatedAdminConnection>;

const DEFAULT_WITHIN_DAYS = 30;

/** A statement's row as the GraphQL type: status typed, role ids kept, days left from today. */
export function toDelegatedAdmin(row: DelegatedAdminRow, date: string): DelegatedAdmin {
  const { roles, ...rest } = row;
  return {
    ...rest,
    status: row.status as GdapStatusValue,
    roleIds: roles,
    daysLeft: row.endsOn === null ? null : daysBetween(date, row.endsOn),
  };
}

/** Cursors of expiringDelegatedAdmins: the (endsOn, relationshipId) keyset position. */
function encodeExpiryCursor(admin: DelegatedAdmin): string {
  return Buffer.from(JSON.stringify(["x1", admin.endsOn, admin.relationshipId])).toString(
    "base64url",
  );
}

function decodeExpiryCursor(after: string | null): { endsOn: string; id: string } | null {
  if (after === null) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === "x1" &&
      typeof parsed[1] === "string" &&
      typeof parsed[2] === "string"
    ) {
      return { endsOn: parsed[1], id: parsed[2] };
    }
  } catch {
    // Falls through: not a cursor of this list.
  }
  throw new BadUserInputError(
    `after: "${after}" is not a cursor of expiringDelegatedAdmins`,
    "after",
  );
}

@Resolver(() => DelegatedAdmin)
export class DelegatedAdminResolver {
  @Query(() => [DelegatedAdmin], {
    description:
      "Every GDAP relationship into the customer's tenants; with role, only those granting it.",
  })
  async delegatedAdmins(
    @Arg("customerId", () => ID) customerId: string,
    @Arg("role", () => ID, { nullable: true }) role: string | null,
    @Arg("status", () => GdapStatus, { nullable: true }) status: GdapStatus | null,
    @Ctx() { loaders }: Context,
  ): Promise<DelegatedAdmin[]> {
    // An argument the client left out arrives as undefined.
    const wanted = role ?? null;
    if (wanted !== null && !isGuid(wanted)) {
      throw new BadUserInputError(
        `role: ${JSON.stringify(role)} is not a role template id (a GUID)`,
        "role",
      );
    }
    const rows = await loaders
      .delegatedAdminsOfCustomer({ role: wanted?.toLowerCase() ?? null, status: status ?? null })
      .load(customerId);
    const date = today();
    return rows.map((row) => toDelegatedAdmin(row, date));
  }

  @Query(() => DelegatedAdminConnection, {
    description:
      "ACTIVE relationships whose endsOn lies between today and today + withinDays (default 30, at most 730), soonest first.",
  })
  async expiringDelegatedAdmins(
    @Ctx() { db }: Context,
    @Arg("withinDays", () => Int, { nullable: true, defaultValue: DEFAULT_WITHIN_DAYS })
    withinDays: number | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<DelegatedAdminPage> {
    const days = withinDays ?? DEFAULT_WITHIN_DAYS;
    if (!Number.isInteger(days) || days < 0 || days > GDAP_MAX_DAYS) {
      throw new BadUserInputError(
        `withinDays: must be between 0 and ${GDAP_MAX_DAYS}, got ${days}`,
        "withinDays",
      );
    }
    const size = checkPageSize(first);
    const position = decodeExpiryCursor(after ?? null);
    const date = today();
    const window = { from: date, until: addDays(date, days) };
    const rows = await db.read("expiringDelegatedAdmins", {
      ...window,
      afterEndsOn: position?.endsOn ?? null,
      afterId: position?.id ?? null,
      limit: size + 1,
    });
    // The statement returns them in index order; sorted again so nothing rests on row order.
    const admins = rows
      .map((row) => toDelegatedAdmin(row.admin, date))
      .sort(
        (a, b) =>
          (a.endsOn ?? "").localeCompare(b.endsOn ?? "") ||
          (a.relationshipId < b.relationshipId ? -1 : a.relationshipId > b.relationshipId ? 1 : 0),
      );
    const edges = admins.slice(0, size).map((node) => ({ cursor: encodeExpiryCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: admins.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      // Counted only when a client selects it.
      get totalCount(): Promise<number> {
        return db
          .read("expiringDelegatedAdminsCount", window)
          .then((counted) => counted[0]?.total ?? 0);
      },
    };
  }

  @FieldResolver(() => [EntraRole], { description: "The Entra roles granted." })
  roles(@Root() admin: DelegatedAdmin): EntraRole[] {
    return admin.roleIds.map((id) => ({ id, name: entraRoleName(id) }));
  }
}

@Resolver(() => Partner)
export class PartnerDelegatedAdminResolver {
  @FieldResolver(() => DelegatedAdminConnection, {
    description:
      "The GDAP relationships this partner holds, by displayName, a page at a time; with status, only those in it.",
  })
  async delegatedAdmins(
    @Root() partner: Partner,
    @Ctx() { loaders }: Context,
    @Arg("status", () => GdapStatus, { nullable: true }) status: GdapStatus | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<DelegatedAdminPage> {
    const size = checkPageSize(first);
    // The (name, id) cursor of every other list, over (displayName, relationshipId).
    const position = decodeCursor(after);
    const { page, total } = await loaders
      .delegatedAdminsOfPartner({
        status: status ?? null,
        afterName: position?.name ?? null,
        afterId: position?.id ?? null,
        limit: size + 1,
      })
      .load(partner.id);
    const date = today();
    const edges = page.slice(0, size).map((row) => {
      const node = toDelegatedAdmin(row, date);
      return { cursor: encodeCursor({ name: node.displayName, id: node.relationshipId }), node };
    });
    return {
      edges,
      pageInfo: { hasNextPage: page.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      get totalCount(): Promise<number> {
        return total();
      },
    };
  }
}

@Resolver(() => Tenant)
export class TenantDelegatedAdminResolver {
  @FieldResolver(() => [DelegatedAdmin], {
    description: "Every GDAP relationship into this tenant; with status, only those in it.",
  })
  async delegatedAdmins(
    @Root() tenant: Tenant,
    @Ctx() { loaders }: Context,
    @Arg("status", () => GdapStatus, { nullable: true }) status: GdapStatus | null,
  ): Promise<DelegatedAdmin[]> {
    const rows = await loaders.delegatedAdminsOfTenant(status ?? null).load(tenant.id);
    const date = today();
    return rows.map((row) => toDelegatedAdmin(row, date));
  }
}
