import DataLoader from "dataloader";
import type { Db } from "../db/database";
import { joinServices } from "../db/mappers";
import type { DelegatedAdminRow, NameKeyset, ServiceRow, TenantRow } from "../db/queries";
import type {
  CustomerRecord,
  GdapStatus,
  PartnerRecord,
  RelationshipState,
  Workload,
} from "../domain";

/**
 * A DataLoader whose batch runs one statement over all keys and returns exactly one result per
 * key, in key order, `fallback` for a miss (DataLoader's contract).
 */
function batchLoader<V>(
  fallback: V,
  fetch: (keys: string[]) => Promise<{ key: string; value: V }[]>,
) {
  return new DataLoader<string, V>(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) ?? fallback);
  });
}

/**
 * Loaders that take arguments besides the key (a state, a workload, a page): one loader per
 * distinct argument set in a request, so sibling fields with the same arguments share a batch.
 */
function perArguments<A, L>(create: (args: A) => L): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const id = JSON.stringify(args);
    let loader = loaders.get(id);
    if (loader === undefined) {
      loader = create(args);
      loaders.set(id, loader);
    }
    return loader;
  };
}

/**
 * Drops a service whose edge a concurrent removeEdge deleted while the statement read it: Neo4j
 * then returns its type as null (read committed), and Service.relation is non-null.
 */
function servingEdges(services: ServiceRow[]): ServiceRow[] {
  return services.filter((service) => service.relation !== null);
}

/** A page of a partner's customers, and how many there are in all (read when asked for). */
export interface CustomerPageOfPartner {
  page: CustomerRecord[];
  total: () => Promise<number>;
}

const EMPTY_PAGE: CustomerPageOfPartner = { page: [], total: () => Promise.resolve(0) };

/** A page of a partner's GDAP relationships, and how many there are in all (read when asked). */
export interface DelegatedAdminPageOfPartner {
  page: DelegatedAdminRow[];
  total: () => Promise<number>;
}

const EMPTY_GDAP_PAGE: DelegatedAdminPageOfPartner = {
  page: [],
  total: () => Promise.resolve(0),
};

/** The GDAP loaders: by customer (with role and status), by tenant, and a partner's pages. */
function delegatedAdminLoaders(db: Db) {
  const countOfPartner = perArguments((status: GdapStatus | null) =>
    batchLoader<number>(0, async (ids) =>
      (await db.read("delegatedAdminsCountOfPartners", { ids, status })).map(({ key, total }) => ({
        key,
        value: total,
      })),
    ),
  );
  return {
    delegatedAdminsOfCustomer: perArguments(
      (args: { role: string | null; status: GdapStatus | null }) =>
        batchLoader<DelegatedAdminRow[]>([], async (ids) =>
          (await db.read("delegatedAdminsOfCustomers", { ids, ...args })).map(
            ({ key, admins }) => ({ key, value: admins }),
          ),
        ),
    ),
    delegatedAdminsOfTenant: perArguments((status: GdapStatus | null) =>
      batchLoader<DelegatedAdminRow[]>([], async (ids) =>
        (await db.read("delegatedAdminsOfTenants", { ids, status })).map(({ key, admins }) => ({
          key,
          value: admins,
        })),
      ),
    ),
    delegatedAdminsOfPartner: perArguments((args: { status: GdapStatus | null } & NameKeyset) =>
      batchLoader<DelegatedAdminPageOfPartner>(EMPTY_GDAP_PAGE, async (ids) =>
        (await db.read("delegatedAdminsOfPartners", { ids, ...args })).map(({ key, page }) => ({
          key,
          value: { page, total: () => countOfPartner(args.status).load(key) },
        })),
      ),
    ),
  };
}

/** The per-request loaders; a new set for every request, never a process-wide cache. */
export function createLoaders(db: Db) {
  const customersCountOfPartner = batchLoader<number>(0, async (ids) =>
    (await db.read("customersCountOfPartners", { ids })).map(({ key, total }) => ({
      key,
      value: total,
    })),
  );
  const customersOfPartner = perArguments((keyset: NameKeyset) =>
    batchLoader<CustomerPageOfPartner>(EMPTY_PAGE, async (ids) =>
      (await db.read("customersOfPartners", { ids, ...keyset })).map(({ key, page }) => ({
        key,
        value: { page, total: () => customersCountOfPartner.load(key) },
      })),
    ),
  );
  const downstreamCustomersOfPartner = perArguments((keyset: NameKeyset) =>
    batchLoader<CustomerPageOfPartner>(EMPTY_PAGE, async (ids) =>
      (await db.read("downstreamCustomersOfPartners", { ids, ...keyset })).map(
        ({ key, total, page }) => ({ key, value: { page, total: () => Promise.resolve(total) } }),
      ),
    ),
  );

  const partner = batchLoader<PartnerRecord | null>(null, async (ids) =>
    (await db.read("partnersByIds", { ids })).map((row) => ({
      key: row.key,
      value: row.partner,
    })),
  );
  /** Services with their `via` partner, which the same statement read: primed for later asks. */
  const services = (rows: ServiceRow[]): ServiceRow[] => {
    const kept = servingEdges(rows);
    for (const service of kept) {
      if (service.viaId !== null && service.via !== null) partner.prime(service.viaId, service.via);
    }
    return kept;
  };
  return {
    partner,
    customer: batchLoader<CustomerRecord | null>(null, async (ids) =>
      (await db.read("customersByIds", { ids })).map((row) => ({
        key: row.key,
        value: row.customer,
      })),
    ),
    tenant: batchLoader<TenantRow | null>(null, async (ids) =>
      (await db.read("tenantsByIds", { ids })).map((row) => ({ key: row.key, value: row.tenant })),
    ),
    tenantsOfPartner: batchLoader<TenantRow[]>([], async (ids) =>
      (await db.read("tenantsOfPartners", { ids })).map((row) => ({
        key: row.key,
        value: row.tenants,
      })),
    ),
    tenantsOfCustomer: batchLoader<TenantRow[]>([], async (ids) =>
      (await db.read("tenantsOfCustomers", { ids })).map((row) => ({
        key: row.key,
        value: row.tenants,
      })),
    ),
    resellers: perArguments((state: RelationshipState) =>
      batchLoader<PartnerRecord[]>([], async (ids) =>
        (await db.read("resellersOfProviders", { ids, state })).map((row) => ({
          key: row.key,
          value: row.partners,
        })),
      ),
    ),
    providers: perArguments((state: RelationshipState) =>
      batchLoader<PartnerRecord[]>([], async (ids) =>
        (await db.read("providersOfResellers", { ids, state })).map((row) => ({
          key: row.key,
          value: row.partners,
        })),
      ),
    ),
    servicesOfTenant: perArguments((workload: Workload | null) =>
      batchLoader<ServiceRow[]>([], async (ids) =>
        (await db.read("servicesOfTenants", { ids, workload })).map((row) => ({
          key: row.key,
          value: services(joinServices(row)),
        })),
      ),
    ),
    servicesOfCustomer: perArguments((workload: Workload | null) =>
      batchLoader<ServiceRow[]>([], async (ids) =>
        (await db.read("servicesOfCustomers", { ids, workload })).map((row) => ({
          key: row.key,
          value: services(joinServices(row)),
        })),
      ),
    ),
    customersOfPartner,
    downstreamCustomersOfPartner,
    ...delegatedAdminLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
