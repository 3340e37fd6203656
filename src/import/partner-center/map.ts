import { isCountryCode } from "../../countries";
import {
  Billing,
  Channel,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
} from "../../domain";
import type { CustomerRecord, EdgeRecord, PartnerRecord, TenantRecord, Cloud } from "../../domain";
import { UnreachableCaseError } from "../../unreachable";
import { at, isJson, lenientDate, objectTypeProblem, readCollection, text } from "./pages";
import type { Json, PageProblem, SavedExport, SavedPage } from "./pages";
import { workloadOf } from "./workloads";

/**
 * A GDAP relationship in the interchange form of DOMAIN.md ("GDAP"). Its own type because the
 * DELEGATED_ADMIN edge type arrives with issue 18: until then the document carries these only
 * when the caller asks (MapOptions.includeGdap).
 */
export interface DelegatedAdminEdge {
  type: "DELEGATED_ADMIN";
  from: string;
  to: string;
  relationshipId: string;
  displayName: string;
  status: GdapStatus;
  roles: string[];
  since?: string;
  endsOn?: string;
  autoExtend: boolean;
  via?: string;
}

export type GdapStatus = "PENDING" | "ACTIVE" | "EXPIRED" | "TERMINATED";

export type MappedEdge = EdgeRecord | DelegatedAdminEdge;

/**
 * Whether this build's import knows DELEGATED_ADMIN: issue 18 adds it to EdgeType, and from then
 * on `--gdap auto` puts the GDAP relationships into the document by itself.
 */
export function importKnowsGdap(): boolean {
  return (Object.values(EdgeType) as string[]).includes("DELEGATED_ADMIN");
}

/** The interchange document a Partner Center export maps to (DOMAIN.md, "Interchange format"). */
export interface MappedDocument {
  partners: PartnerRecord[];
  customers: CustomerRecord[];
  tenants: TenantRecord[];
  edges: MappedEdge[];
}

export type DocumentSection = keyof MappedDocument;

/** What the APIs do not say, per partner or customer id (the `--overrides FILE.json`). */
export interface Overrides {
  partners?: Record<
    string,
    { country?: string; markets?: string[]; cloud?: Cloud; mpaSigned?: boolean }
  >;
  customers?: Record<string, { country?: string; cloud?: Cloud }>;
}

export interface MapOptions {
  /** Every node's cloud: the APIs of one Partner Center instance only ever see one. */
  cloud: Cloud;
  /** The signed-in partner's markets; default: its own country. */
  markets?: string[];
  /** The signed-in partner's role, when the relationships do not show it (direct-bill by default). */
  role?: PartnerRole;
  overrides?: Overrides;
  /** Put DELEGATED_ADMIN edges into the document (the import must know the edge type). */
  includeGdap: boolean;
  /**
   * Partners the graph already holds. Another partner seen through this export (a provider in its
   * reseller's export) is left out when the graph has it: that partner's own export, or an earlier
   * import, knows its markets better than a relationship row does.
   */
  knownPartners?: ReadonlySet<string>;
}

/** One resource read: a page file (or URL), what it holds, how many items. */
export interface ReadRow {
  source: string;
  resource: "organization" | "mpn" | "relationships" | "customers" | "subscriptions" | "gdap";
  items: number;
  totalCount?: number;
}

export interface MappedExport {
  document: MappedDocument;
  /** For each row of the document, the item it came from: `customers-2.json items[0]`. */
  origins: Record<DocumentSection, string[]>;
  /** Malformed pages: when any, nothing should be imported. */
  problems: PageProblem[];
  read: ReadRow[];
  /** Items not mapped (or mapped partly), counted by reason. */
  skipped: Record<string, number>;
  /** Rows mapped by assumption, counted by what was assumed. */
  assumed: Record<string, number>;
  /** The signed-in partner's id and role, as mapped. */
  self?: { id: string; role: PartnerRole };
}

const CUSTOMER_RELATIONSHIPS = ["reseller", "advisor", "none", "microsoftSupport"] as const;
const SUBSCRIPTION_STATUSES = [
  "none",
  "active",
  "suspended",
  "deleted",
  "expired",
  "pending",
  "disabled",
] as const;
const BILLING_TYPES = ["none", "usage", "license"] as const;
const GRAPH_STATUSES: Record<string, GdapStatus> = {
  created: "PENDING",
  approvalPending: "PENDING",
  approved: "PENDING",
  activating: "PENDING",
  active: "ACTIVE",
  expiring: "ACTIVE",
  expired: "EXPIRED",
  terminationRequested: "TERMINATED",
  terminating: "TERMINATED",
  terminated: "TERMINATED",
};
/** PartnerRelationship.state, compared lower-case ("Active" in the samples). */
const PARTNER_STATES: Record<string, RelationshipState> = {
  active: RelationshipState.ACTIVE,
  pending: RelationshipState.PENDING,
  inactive: RelationshipState.REMOVED,
  terminated: RelationshipState.REMOVED,
  removed: RelationshipState.REMOVED,
};
/**
 * relationshipType comes back in snake case (`is_indirect_cloud_solution_provider_of`) although
 * it is requested as `IsIndirectCloudSolutionProviderOf`; both spellings are accepted.
 */
function relationshipKind(value: unknown): "resellerOfMine" | "providerOfMine" | undefined {
  const key = typeof value === "string" ? value.replace(/_/g, "").toLowerCase() : "";
  if (key === "isindirectcloudsolutionproviderof") return "resellerOfMine";
  if (key === "isindirectresellerof") return "providerOfMine";
  return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Autoextension: Graph's `P180D` extends, `PT0S` and `P0D` do not. */
const NO_EXTENSION = new Set(["PT0S", "P0D"]);

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** An object item of a page, with the file (or URL) and position it stands at. */
interface PageItem {
  item: Json;
  /** `customers-2.json items[0]`: where a document row came from. */
  origin: string;
  source: string;
  position: string;
}

interface OtherPartner {
  id: string;
  /** PartnerRelationship.id: the other partner's tenant id, which associatedPartnerId uses. */
  tenantId?: string;
  state: RelationshipState;
  origin: string;
}

/**
 * Maps one signed-in partner's saved responses to an interchange document (see README,
 * "Partner Center exports", for the table). Pure: the same export and options give the same
 * document, rows in an order the import's rules accept (SUPPLIES, then RESELLS_FOR, then
 * PROVISIONS, then DELEGATED_ADMIN).
 */
export function mapExport(saved: SavedExport, options: MapOptions): MappedExport {
  const problems: PageProblem[] = [];
  const read: ReadRow[] = [];
  const skipped: Record<string, number> = {};
  const assumed: Record<string, number> = {};
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const assume = (what: string): void => {
    assumed[what] = (assumed[what] ?? 0) + 1;
  };
  const problem = (source: string, position: string, message: string): void => {
    problems.push({ source, position, message });
  };
  /** An item's field with a value the API does not document: the problem names the ones it does. */
  const notOneOf = (
    source: string,
    position: string,
    item: Json,
    field: string,
    documented: readonly string[],
  ): void =>
    problem(
      source,
      `${position}.${field}`,
      `${JSON.stringify(item[field])} is not one of ${documented.join(", ")}`,
    );

  const partners = new Map<string, { row: PartnerRecord; origin: string }>();
  const customers = new Map<string, { row: CustomerRecord; origin: string }>();
  const tenants = new Map<string, { row: TenantRecord; origin: string }>();
  const edges = new Map<string, { row: MappedEdge; origin: string }>();
  const addEdge = (row: MappedEdge, origin: string): void => {
    const key =
      row.type === "DELEGATED_ADMIN"
        ? `${row.type}|${row.relationshipId}`
        : `${row.type}|${row.from}|${row.to}|${row.workload ?? ""}|${row.subscriptionId ?? ""}`;
    // The same relationship seen twice (a provider's and a reseller's view, or one subscription on
    // two pages) is one edge: a repeat in one document would be a DUPLICATE refusal.
    if (!edges.has(key)) edges.set(key, { row, origin });
  };

  // --- Pages ---------------------------------------------------------------------------------
  const pagesOf = (
    pages: SavedPage[],
    kind: "items" | "value",
    resource: ReadRow["resource"],
  ): PageItem[] => {
    const out: PageItem[] = [];
    pages.forEach((page, index) => {
      const result = readCollection(page, kind);
      if ("problem" in result) {
        problems.push(result.problem);
        return;
      }
      read.push({
        source: page.source,
        resource,
        items: result.page.items.length,
        totalCount: result.page.totalCount,
      });
      if (result.page.continues && index === pages.length - 1) {
        problem(
          page.source,
          kind === "items" ? "links.next" : "@odata.nextLink",
          "the page says more follow, but no next page was saved (save it as the next numbered file)",
        );
      }
      for (const { item, position } of result.page.items) {
        if (!isJson(item)) {
          problem(page.source, position, "an item must be an object");
          continue;
        }
        out.push({ item, origin: `${page.source} ${position}`, source: page.source, position });
      }
    });
    return out;
  };
  /**
   * The items that are what the resource holds: an item that says it is another `objectType` is
   * a problem, reported as the walk reaches it (in order with the item's other problems).
   */
  function* ofObjectType(items: PageItem[], objectType: string): Generator<PageItem> {
    for (const entry of items) {
      const wrong = objectTypeProblem(entry.item, objectType, entry.source, entry.position);
      if (wrong === undefined) yield entry;
      else problems.push(wrong);
    }
  }
  /** The answer when problems stop the mapping: an empty document, and what was read. */
  const nothingMapped = (self?: MappedExport["self"]): MappedExport => ({
    document: { partners: [], customers: [], tenants: [], edges: [] },
    origins: { partners: [], customers: [], tenants: [], edges: [] },
    problems,
    read,
    skipped,
    assumed,
    ...(self === undefined ? {} : { self }),
  });

  // --- The signed-in partner -----------------------------------------------------------------
  const org = saved.organization;
  const mpn = saved.mpn;
  /** A profile is one object, not a page: read, or a problem when missing or not an object. */
  const readProfile = (
    page: SavedPage | undefined,
    resource: "organization" | "mpn",
    name: string,
  ): void => {
    if (page !== undefined && isJson(page.body)) {
      read.push({ source: page.source, resource, items: 1 });
      return;
    }
    problem(
      page?.source ?? `${resource}.json`,
      "",
      `the ${name} (GET /v1/profiles/${resource}) is missing or not a JSON object`,
    );
  };
  readProfile(org, "organization", "organization profile");
  readProfile(mpn, "mpn", "MPN profile");
  const selfId = text(at(mpn?.body, "mpnId")) ?? text(at(mpn?.body, "partnerId"));
  if (mpn !== undefined && isJson(mpn.body) && selfId === undefined)
    problem(mpn.source, "mpnId", "the MPN profile has no mpnId");
  const orgBody = org?.body;
  const selfTenant = text(at(orgBody, "tenantId")) ?? text(at(orgBody, "id"));
  const selfName = text(at(orgBody, "companyName")) ?? text(at(mpn?.body, "partnerName"));
  const selfCountry = text(at(orgBody, "defaultAddress", "country"))?.toUpperCase();
  const selfDomain = text(at(orgBody, "domain"));
  if (org !== undefined && isJson(orgBody)) {
    if (selfTenant === undefined || !GUID.test(selfTenant))
      problem(org.source, "tenantId", "the organization profile has no tenant id (a GUID)");
    if (selfName === undefined) problem(org.source, "companyName", "no company name");
    if (selfCountry === undefined || !isCountryCode(selfCountry))
      problem(org.source, "defaultAddress.country", "no ISO 3166 country code");
  }

  // --- Relationships: the other tier ---------------------------------------------------------
  const others: OtherPartner[] = [];
  let sawResellers = false;
  let sawProviders = false;
  const otherRows: PartnerRecord[] = [];
  for (const { item, origin, source, position } of ofObjectType(
    pagesOf(saved.relationships, "items", "relationships"),
    "PartnerRelationship",
  )) {
    const kind = relationshipKind(item.relationshipType);
    if (kind === undefined) {
      problem(
        source,
        `${position}.relationshipType`,
        `${JSON.stringify(item.relationshipType)} is not is_indirect_cloud_solution_provider_of or is_indirect_reseller_of`,
      );
      continue;
    }
    // The samples carry `mpnId`; the resource table names the same field `partnerId`.
    const id = text(item.mpnId) ?? text(item.partnerId);
    const state =
      typeof item.state === "string" ? PARTNER_STATES[item.state.toLowerCase()] : undefined;
    const location = text(item.location)?.toUpperCase();
    const name = text(item.name);
    if (id === undefined) {
      problem(source, position, "a relationship needs mpnId (or partnerId)");
      continue;
    }
    if (state === undefined) {
      notOneOf(source, position, item, "state", Object.keys(PARTNER_STATES));
      continue;
    }
    if (location === undefined || !isCountryCode(location)) {
      problem(source, `${position}.location`, `${JSON.stringify(item.location)} is not a country`);
      continue;
    }
    if (name === undefined) {
      problem(source, `${position}.name`, "a relationship needs the partner's name");
      continue;
    }
    if (kind === "resellerOfMine") sawResellers = true;
    else sawProviders = true;
    const override = options.overrides?.partners?.[id];
    otherRows.push({
      id,
      name,
      role:
        kind === "resellerOfMine" ? PartnerRole.INDIRECT_RESELLER : PartnerRole.INDIRECT_PROVIDER,
      cloud: override?.cloud ?? options.cloud,
      country: override?.country ?? location,
      markets: override?.markets ?? [override?.country ?? location],
      // An accepted indirect relationship needs the reseller's signed partner agreement.
      mpaSigned: override?.mpaSigned ?? true,
    });
    others.push({ id, tenantId: text(item.id), state, origin });
  }

  const role =
    options.role ??
    (sawResellers
      ? PartnerRole.INDIRECT_PROVIDER
      : sawProviders
        ? PartnerRole.INDIRECT_RESELLER
        : PartnerRole.DIRECT_BILL);

  if (
    problems.length > 0 ||
    selfId === undefined ||
    selfTenant === undefined ||
    selfName === undefined ||
    selfCountry === undefined
  ) {
    // Pages after a broken profile or relationship page are still read, for a complete report.
    readRest(saved, pagesOf);
    return nothingMapped();
  }

  const selfOverride = options.overrides?.partners?.[selfId];
  const selfCloud = selfOverride?.cloud ?? options.cloud;
  partners.set(selfId, {
    row: {
      id: selfId,
      name: selfName,
      role,
      cloud: selfCloud,
      country: selfOverride?.country ?? selfCountry,
      markets: selfOverride?.markets ?? options.markets ?? [selfOverride?.country ?? selfCountry],
      mpaSigned: selfOverride?.mpaSigned ?? true,
    },
    origin: `${mpn?.source ?? ""} + ${org?.source ?? ""}`,
  });
  tenants.set(selfTenant, {
    row: {
      id: selfTenant,
      domain: selfDomain ?? `${selfTenant}.onmicrosoft.com`,
      purpose: TenantPurpose.CSP,
      cloud: selfCloud,
      country: selfOverride?.country ?? selfCountry,
      ownerId: selfId,
    },
    origin: org?.source ?? "",
  });
  otherRows.forEach((row, k) => {
    const origin = others[k]?.origin ?? "";
    if (row.id === selfId) return;
    if (options.knownPartners?.has(row.id)) {
      skip("partner already in the graph: its stored record is kept");
      return;
    }
    if (!partners.has(row.id)) partners.set(row.id, { row, origin });
  });
  for (const other of others) {
    if (other.id === selfId) continue;
    addEdge(
      role === PartnerRole.INDIRECT_PROVIDER
        ? { type: EdgeType.SUPPLIES, from: selfId, to: other.id, state: other.state }
        : { type: EdgeType.SUPPLIES, from: other.id, to: selfId, state: other.state },
      other.origin,
    );
  }
  const partnerByRef = new Map<string, OtherPartner>();
  for (const other of others) {
    partnerByRef.set(other.id.toLowerCase(), other);
    if (other.tenantId !== undefined) partnerByRef.set(other.tenantId.toLowerCase(), other);
  }
  const countryOf = (id: string): string | undefined =>
    partners.get(id)?.row.country ?? otherRows.find((row) => row.id === id)?.country;
  const activeProviders = others.filter(
    (other) => role === PartnerRole.INDIRECT_RESELLER && other.state === RelationshipState.ACTIVE,
  );

  // --- GDAP first read: a reseller's GDAP relationships name the provider that created them. ---
  const gdapItems = pagesOf(saved.delegatedAdmin, "value", "gdap");
  const providerHint = new Map<string, string>();
  for (const { item } of gdapItems) {
    const tenant = text(at(item, "customer", "tenantId"))?.toLowerCase();
    const providerTenant = text(item.indirectProviderTenantId)?.toLowerCase();
    const provider = providerTenant === undefined ? undefined : partnerByRef.get(providerTenant);
    if (tenant !== undefined && provider !== undefined) providerHint.set(tenant, provider.id);
  }
  /** The provider that bills a reseller's customer (see README for the order of evidence). */
  const providerFor = (tenantId: string): string | undefined => {
    const hinted = providerHint.get(tenantId.toLowerCase());
    if (hinted !== undefined) return hinted;
    const first = activeProviders[0];
    if (first === undefined) return undefined;
    assume(
      activeProviders.length === 1
        ? "reseller's customer billed by its only active provider"
        : "reseller's customer billed by its first active provider (several are active)",
    );
    return first.id;
  };

  // --- Customers -----------------------------------------------------------------------------
  const customerTenant = new Map<string, { tenantId: string; resold: boolean }>();
  const resellersOf = new Map<string, string[]>();
  const pendingResells: { row: EdgeRecord; origin: string }[] = [];
  /** An ACTIVE RESELLS_FOR into a customer's tenant; a reseller's goes `via` its provider. */
  const resellsFor = (from: string, to: string, origin: string, via?: string): void => {
    pendingResells.push({
      row: {
        type: EdgeType.RESELLS_FOR,
        from,
        to,
        state: RelationshipState.ACTIVE,
        ...(via === undefined ? {} : { via }),
      },
      origin,
    });
  };
  for (const { item, origin, source, position } of ofObjectType(
    pagesOf(saved.customers, "items", "customers"),
    "Customer",
  )) {
    const id = text(item.id);
    const profile = item.companyProfile;
    const tenantId = text(at(profile, "tenantId")) ?? id;
    const domain = text(at(profile, "domain"));
    const name = text(at(profile, "companyName"));
    const relationship = oneOf(CUSTOMER_RELATIONSHIPS, item.relationshipToPartner);
    if (id === undefined) {
      problem(source, `${position}.id`, "a customer needs an id");
      continue;
    }
    if (tenantId === undefined || !GUID.test(tenantId)) {
      problem(source, `${position}.companyProfile.tenantId`, "not a tenant id (GUID)");
      continue;
    }
    if (domain === undefined || name === undefined) {
      problem(
        source,
        `${position}.companyProfile`,
        "a customer needs companyProfile.domain and companyProfile.companyName",
      );
      continue;
    }
    if (item.relationshipToPartner !== undefined && relationship === undefined) {
      notOneOf(source, position, item, "relationshipToPartner", CUSTOMER_RELATIONSHIPS);
      continue;
    }
    const associated = text(item.associatedPartnerId);
    const reseller =
      associated === undefined ? undefined : partnerByRef.get(associated.toLowerCase());
    if (associated !== undefined && reseller === undefined) {
      problem(
        source,
        `${position}.associatedPartnerId`,
        `${associated} is none of the indirect resellers in the relationships pages`,
      );
      continue;
    }
    const override = options.overrides?.customers?.[id];
    // The customer list carries no address: its country defaults to its reseller's, else ours.
    const country =
      override?.country ?? (reseller === undefined ? undefined : countryOf(reseller.id));
    if (override?.country === undefined) assume("customer country from its partner's country");
    const cloud = override?.cloud ?? options.cloud;
    const customerCountry = country ?? partners.get(selfId)?.row.country ?? selfCountry;
    if (!customers.has(id)) {
      customers.set(id, {
        row: { id, name, cloud, country: customerCountry },
        origin,
      });
      tenants.set(tenantId, {
        row: {
          id: tenantId,
          domain,
          purpose: TenantPurpose.CUSTOMER,
          cloud,
          country: customerCountry,
          ownerId: id,
        },
        origin,
      });
    }
    // Older samples leave relationshipToPartner out; a customer in a CSP partner's list is then
    // taken to be resold (and counted as assumed).
    if (relationship === undefined)
      assume("customer without relationshipToPartner taken as resold");
    const resold = relationship === undefined || relationship === "reseller";
    customerTenant.set(id.toLowerCase(), { tenantId, resold });
    if (!resold) {
      skip(`customer relationship "${relationship ?? ""}": no RESELLS_FOR`);
      continue;
    }
    if (role === PartnerRole.INDIRECT_RESELLER) {
      const via = providerFor(tenantId);
      if (via === undefined) {
        skip("reseller's customer without an active provider: no RESELLS_FOR");
        continue;
      }
      // The provider that bills a reseller's customer holds a relationship with it too (its own
      // customer list shows it with associatedPartnerId); without it the provider's subscriptions
      // below would fail NEEDS_RELATIONSHIP.
      resellsFor(via, tenantId, origin);
      assume("provider's RESELLS_FOR for its reseller's customer");
      resellsFor(selfId, tenantId, origin, via);
      resellersOf.set(tenantId.toLowerCase(), [via]);
      continue;
    }
    resellsFor(selfId, tenantId, origin);
    if (reseller !== undefined) resellsFor(reseller.id, tenantId, origin, selfId);
  }
  for (const { row, origin } of pendingResells) addEdge(row, origin);

  // --- Subscriptions -------------------------------------------------------------------------
  // In customer order, whatever order the pages were saved or fetched in: a folder lists them by
  // file name, live mode by customer page, and both must give the same document.
  const customerOrder = new Map([...customerTenant.keys()].map((id, k) => [id, k]));
  const rank = (id: string): number => customerOrder.get(id.toLowerCase()) ?? customerOrder.size;
  const bySubscriber = [...saved.subscriptions].sort(
    (a, b) => rank(a.customerId) - rank(b.customerId),
  );
  for (const { customerId, pages } of bySubscriber) {
    const items = pagesOf(pages, "items", "subscriptions");
    const customer = customerTenant.get(customerId.toLowerCase());
    for (const { item, origin, source, position } of ofObjectType(items, "Subscription")) {
      const id = text(item.id);
      const status = oneOf(SUBSCRIPTION_STATUSES, item.status);
      const billingType =
        item.billingType === undefined || item.billingType === null
          ? "none"
          : oneOf(BILLING_TYPES, item.billingType);
      if (id === undefined) {
        problem(source, `${position}.id`, "a subscription needs an id");
        continue;
      }
      if (status === undefined) {
        notOneOf(source, position, item, "status", SUBSCRIPTION_STATUSES);
        continue;
      }
      if (billingType === undefined) {
        notOneOf(source, position, item, "billingType", BILLING_TYPES);
        continue;
      }
      const termEnd = lenientDate(item.commitmentEndDate);
      if (termEnd === null) {
        problem(
          source,
          `${position}.commitmentEndDate`,
          `${JSON.stringify(item.commitmentEndDate)} is not a date`,
        );
        continue;
      }
      if (customer === undefined) {
        skip("subscription of a customer missing from the customer pages");
        continue;
      }
      if (status === "deleted" || status === "expired") {
        skip(`subscription ${status}`);
        continue;
      }
      if (!customer.resold) {
        skip("subscription of a customer without a reseller relationship");
        continue;
      }
      const productType =
        text(item.productType) ??
        text(at(item, "productType", "id")) ??
        text(at(item, "productType", "displayName"));
      const { workload, known } = workloadOf(
        productType,
        text(item.offerName) ?? text(item.friendlyName),
      );
      if (!known) assume("workload OTHER for an offer the workload table does not know");
      const billing = billingOf(billingType, workload);
      if (billingType === "none") assume(`billing ${billing} for billingType "none"`);
      const recordOf = text(item.partnerId);
      let from = selfId;
      let resellerOfRecord: string | undefined;
      switch (role) {
        case PartnerRole.DIRECT_BILL:
          break;
        case PartnerRole.INDIRECT_PROVIDER: {
          const reseller =
            recordOf === undefined ? undefined : partnerByRef.get(recordOf.toLowerCase());
          if (recordOf !== undefined && reseller === undefined)
            skip("reseller of record not among the provider's resellers: left out");
          resellerOfRecord = reseller?.id;
          break;
        }
        case PartnerRole.INDIRECT_RESELLER: {
          // Resellers do not place orders (TRANSACTING_ROLE): their provider does and names them.
          const provider = resellersOf.get(customer.tenantId.toLowerCase())?.[0];
          if (provider === undefined) {
            skip("reseller's subscription without an active provider");
            continue;
          }
          from = provider;
          resellerOfRecord = selfId;
          break;
        }
        default:
          throw new UnreachableCaseError(role);
      }
      addEdge(
        {
          type: EdgeType.PROVISIONS,
          from,
          to: customer.tenantId,
          subscriptionId: id,
          workload,
          billing,
          channel: Channel.CSP,
          ...(billing === Billing.LICENSE && termEnd !== undefined ? { termEnd } : {}),
          ...(resellerOfRecord === undefined ? {} : { resellerOfRecord }),
        },
        origin,
      );
    }
  }

  // --- GDAP ----------------------------------------------------------------------------------
  const knownTenants = new Set([...tenants.keys()].map((id) => id.toLowerCase()));
  for (const { item, origin, source, position } of gdapItems) {
    const odataType = item["@odata.type"];
    const isResellerType = odataType === "#microsoft.graph.resellerDelegatedAdminRelationship";
    if (
      odataType !== undefined &&
      odataType !== "#microsoft.graph.delegatedAdminRelationship" &&
      !isResellerType
    ) {
      problem(
        source,
        `${position}.@odata.type`,
        `${JSON.stringify(odataType)} is not a GDAP relationship`,
      );
      continue;
    }
    const id = text(item.id);
    const displayName = text(item.displayName);
    const status = typeof item.status === "string" ? GRAPH_STATUSES[item.status] : undefined;
    const tenant = text(at(item, "customer", "tenantId"));
    const roles = at(item, "accessDetails", "unifiedRoles");
    const since = lenientDate(item.activatedDateTime);
    const endsOn = lenientDate(item.endDateTime);
    if (id === undefined || displayName === undefined || tenant === undefined) {
      problem(source, position, "a GDAP relationship needs id, displayName and customer.tenantId");
      continue;
    }
    if (status === undefined) {
      notOneOf(source, position, item, "status", Object.keys(GRAPH_STATUSES));
      continue;
    }
    if (since === null || endsOn === null) {
      problem(source, position, "activatedDateTime and endDateTime must be dates or null");
      continue;
    }
    const roleIds = Array.isArray(roles)
      ? roles.map((role: unknown) => text(at(role, "roleDefinitionId")))
      : [];
    if (
      roleIds.length === 0 ||
      roleIds.some((roleId) => roleId === undefined || !GUID.test(roleId))
    ) {
      problem(
        source,
        `${position}.accessDetails.unifiedRoles`,
        "at least one role, each with a roleDefinitionId GUID",
      );
      continue;
    }
    if (!knownTenants.has(tenant.toLowerCase())) {
      skip("GDAP relationship with a tenant missing from the customer pages");
      continue;
    }
    let via: string | undefined;
    if (isResellerType) {
      const providerTenant = text(item.indirectProviderTenantId)?.toLowerCase();
      if (providerTenant === selfTenant.toLowerCase()) {
        // Created by us for one of our resellers: it is the reseller's relationship, and Graph does
        // not say which reseller; that reseller's own export carries it.
        skip("GDAP relationship created for a reseller: imported from the reseller's export");
        continue;
      }
      via = providerTenant === undefined ? undefined : partnerByRef.get(providerTenant)?.id;
      if (via === undefined || role !== PartnerRole.INDIRECT_RESELLER) {
        skip("reseller GDAP relationship whose provider is not among the relationships");
        continue;
      }
    }
    if (!options.includeGdap) {
      skip("GDAP relationship left out (the import does not know DELEGATED_ADMIN yet)");
      continue;
    }
    const autoExtend = text(item.autoExtendDuration);
    addEdge(
      {
        type: "DELEGATED_ADMIN",
        from: selfId,
        to: tenant,
        relationshipId: id,
        displayName,
        status,
        roles: roleIds.filter((roleId): roleId is string => roleId !== undefined),
        ...(since === undefined ? {} : { since }),
        ...(endsOn === undefined ? {} : { endsOn }),
        autoExtend: autoExtend !== undefined && !NO_EXTENSION.has(autoExtend),
        ...(via === undefined ? {} : { via }),
      },
      origin,
    );
  }

  if (problems.length > 0) return nothingMapped({ id: selfId, role });

  const order: Record<string, number> = {
    SUPPLIES: 0,
    RESELLS_FOR: 1,
    SERVES_WORKLOAD: 2,
    PROVISIONS: 3,
    DELEGATED_ADMIN: 4,
  };
  const edgeRows = [...edges.values()].sort(
    (a, b) => (order[a.row.type] ?? 9) - (order[b.row.type] ?? 9),
  );
  return {
    document: {
      partners: [...partners.values()].map(({ row }) => row),
      customers: [...customers.values()].map(({ row }) => row),
      tenants: [...tenants.values()].map(({ row }) => row),
      edges: edgeRows.map(({ row }) => row),
    },
    origins: {
      partners: [...partners.values()].map(({ origin }) => origin),
      customers: [...customers.values()].map(({ origin }) => origin),
      tenants: [...tenants.values()].map(({ origin }) => origin),
      edges: edgeRows.map(({ origin }) => origin),
    },
    problems,
    read,
    skipped,
    assumed,
    self: { id: selfId, role },
  };
}

/**
 * Licence or usage: `billingType` says it, except on the older samples' `"none"`, where Azure is
 * usage-based and everything else a licence.
 */
function billingOf(billingType: "none" | "usage" | "license", workload: Workload): Billing {
  switch (billingType) {
    case "license":
      return Billing.LICENSE;
    case "usage":
      return Billing.USAGE;
    case "none":
      return workload === Workload.AZURE ? Billing.USAGE : Billing.LICENSE;
    default:
      throw new UnreachableCaseError(billingType);
  }
}

/** Reads the pages not read yet, so that one run reports every malformed page. */
function readRest(
  saved: SavedExport,
  pagesOf: (pages: SavedPage[], kind: "items" | "value", resource: ReadRow["resource"]) => unknown,
): void {
  pagesOf(saved.customers, "items", "customers");
  for (const { pages } of saved.subscriptions) pagesOf(pages, "items", "subscriptions");
  pagesOf(saved.delegatedAdmin, "value", "gdap");
}
