import type { Db, DbTransaction, IdempotencyClaim } from "../db/database";
import { mergeCustomers, mergeTenants } from "../db/ecosystem.writer";
import type { CustomerRecord, PartnerRecord, TenantRecord } from "../domain";
import { UnreachableCaseError } from "../unreachable";
import { BadUserInputError, NotFoundError, rejectProblems } from "../errors";
import { checkCustomer, checkPartner, checkTenant, normalizePartner } from "../interchange";
import type { RawPartnerRecord } from "../interchange";
import { ownershipProblem } from "../policy/ownership";
import type { OwnershipProblem } from "../policy/ownership";
import { JUDGED_PARTNER_PROPERTIES, judgedPropertiesChanged } from "../policy/dependents";
import type { Change } from "../policy/dependents";
import { keepFindings } from "./findings.service";

/** Drops null fields: GraphQL hands an omitted nullable input field over as null or undefined. */
function present<T extends object>(input: T): T {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== null && value !== undefined),
  ) as T;
}

/** Creates or updates a partner by id, after the same row checks an import applies. */
export async function upsertPartner(
  db: Db,
  input: RawPartnerRecord,
  claim: IdempotencyClaim | null = null,
): Promise<PartnerRecord> {
  const row = present(input);
  rejectProblems(checkPartner(row));
  const partner = normalizePartner(row);
  // No lock: no decision reads a partner's other writes (src/policy/locks.ts says why edges
  // judged on its old properties are fine).
  const merge = async (tx: DbTransaction): Promise<void> =>
    keepFindings(
      db,
      tx,
      () => partnerChanges(tx, partner),
      async () => void (await tx.run("mergePartners", { rows: [partner] })),
    );
  if (claim === null) await db.writeTransaction(merge);
  else await db.writeLocked({ nodes: [], keys: [] }, merge, claim);
  return partner;
}

/** A partner's write as the stored findings see it: a change only if the rules read what changed. */
async function partnerChanges(tx: DbTransaction, partner: PartnerRecord): Promise<Change[]> {
  const [stored] = await tx.run("partnersByIds", { ids: [partner.id] });
  const changed = judgedPropertiesChanged(
    stored?.partner ?? null,
    partner,
    JUDGED_PARTNER_PROPERTIES,
  );
  return changed ? [{ kind: "partner", id: partner.id }] : [];
}

/**
 * Creates or updates a customer by id, and its record on the serving edges into its tenants.
 * Its tenants are locked with it: createEdge locks the tenant it writes into, so an edge is
 * either written before this write copies the record onto it, or waits and copies the new one.
 */
export async function upsertCustomer(
  db: Db,
  input: CustomerRecord,
  claim: IdempotencyClaim | null = null,
): Promise<CustomerRecord> {
  const row = present(input);
  rejectProblems(checkCustomer(row));
  const [owned] = await db.read("tenantsOfCustomers", { ids: [row.id] });
  const tenantIds = owned?.tenants.map((tenant) => tenant.id) ?? [];
  const locks = { nodes: [row.id, ...tenantIds], keys: [] };
  await db.writeLocked(
    locks,
    (tx) =>
      keepFindings(db, tx, [{ kind: "customer", id: row.id }], async () =>
        mergeCustomers(tx, [row]),
      ),
    claim,
  );
  return row;
}

/**
 * Creates or updates a tenant and its owner link. The owner must exist (NOT_FOUND) and fit the
 * purpose (DOMAIN.md): CUSTOMER tenants belong to customers, CSP and CORPORATE ones to partners,
 * and a partner has at most one CSP tenant. Checked and written in one transaction, with the
 * tenant and owner locked, so two concurrent upserts cannot give a partner two CSP tenants.
 */
export async function upsertTenant(
  db: Db,
  input: TenantRecord,
  claim: IdempotencyClaim | null = null,
): Promise<TenantRecord> {
  const tenant = present(input);
  rejectProblems(checkTenant(tenant));
  const locks = { nodes: [tenant.id, tenant.ownerId], keys: [] };
  await db.writeLocked(
    locks,
    async (tx) => {
      const [facts] = await tx.run("tenantOwnerFacts", {
        tenantId: tenant.id,
        ownerId: tenant.ownerId,
      });
      const ownerKind = facts?.ownerKind ?? null;
      if (ownerKind === null)
        throw new NotFoundError(
          `ownerId: ${tenant.ownerId} is neither a partner nor a customer`,
          tenant.ownerId,
        );
      const found = ownershipProblem(tenant.purpose, ownerKind, facts?.cspTenantId ?? null);
      if (found !== null) throw new BadUserInputError(ownershipMessage(tenant, found), "purpose");
      await keepFindings(db, tx, [{ kind: "tenant", id: tenant.id }], () =>
        mergeTenants(tx, [tenant]),
      );
    },
    claim,
  );
  return tenant;
}

/** The refusal of a tenant's owner, worded for a mutation's caller (the field is `purpose`). */
function ownershipMessage(tenant: TenantRecord, found: OwnershipProblem): string {
  switch (found.problem) {
    case "WRONG_OWNER_KIND":
      return `purpose: a ${tenant.purpose} tenant belongs to a ${found.wanted.toLowerCase()}, but ${tenant.ownerId} is a ${found.actual.toLowerCase()}`;
    case "SECOND_CSP_TENANT":
      return `purpose: ${tenant.ownerId} already owns CSP tenant ${found.existing}; a partner has at most one (use CORPORATE for others)`;
    default:
      throw new UnreachableCaseError(found);
  }
}
