/**
 * The CSP channel's vocabulary (../shared/DOMAIN.md), as plain TypeScript shared by every layer.
 * GraphQL registers these enums in src/types; the policy engine and the db layer use them as is.
 */

export enum PartnerRole {
  DIRECT_BILL = "DIRECT_BILL",
  INDIRECT_PROVIDER = "INDIRECT_PROVIDER",
  INDIRECT_RESELLER = "INDIRECT_RESELLER",
}

export enum Cloud {
  PUBLIC = "PUBLIC",
  US_GOV = "US_GOV",
  CHINA = "CHINA",
}

export enum TenantPurpose {
  CSP = "CSP",
  CORPORATE = "CORPORATE",
  CUSTOMER = "CUSTOMER",
}

export enum EdgeType {
  SUPPLIES = "SUPPLIES",
  RESELLS_FOR = "RESELLS_FOR",
  SERVES_WORKLOAD = "SERVES_WORKLOAD",
  PROVISIONS = "PROVISIONS",
  DELEGATED_ADMIN = "DELEGATED_ADMIN",
}

/** A GDAP relationship's status (DOMAIN.md, "GDAP"), Microsoft Graph's statuses folded into four. */
export enum GdapStatus {
  PENDING = "PENDING",
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  TERMINATED = "TERMINATED",
}

export enum RelationshipState {
  PENDING = "PENDING",
  ACTIVE = "ACTIVE",
  REMOVED = "REMOVED",
}

export enum Workload {
  AZURE = "AZURE",
  MICROSOFT_365 = "MICROSOFT_365",
  OFFICE_365 = "OFFICE_365",
  DYNAMICS_365 = "DYNAMICS_365",
  ENTERPRISE_MOBILITY = "ENTERPRISE_MOBILITY",
  OTHER = "OTHER",
}

export enum WorkloadRole {
  TRANSACT = "TRANSACT",
  MANAGE = "MANAGE",
  SUPPORT = "SUPPORT",
}

export enum Billing {
  LICENSE = "LICENSE",
  USAGE = "USAGE",
}

export enum Channel {
  CSP = "CSP",
  DIRECT = "DIRECT",
  EA = "EA",
  OPEN = "OPEN",
  ADVISOR = "ADVISOR",
  THIRD_PARTY = "THIRD_PARTY",
}

export interface PartnerRecord {
  id: string;
  name: string;
  role: PartnerRole;
  cloud: Cloud;
  country: string;
  markets: string[];
  mpaSigned: boolean;
}

export interface CustomerRecord {
  id: string;
  name: string;
  cloud: Cloud;
  country: string;
}

export interface TenantRecord {
  id: string;
  domain: string;
  purpose: TenantPurpose;
  cloud: Cloud;
  country: string;
  ownerId: string;
}

/** One edge as the interchange format and EdgeInput carry it; dates are ISO `YYYY-MM-DD`. */
export interface EdgeRecord {
  type: EdgeType;
  from: string;
  to: string;
  state?: RelationshipState;
  since?: string;
  via?: string;
  workload?: Workload;
  role?: WorkloadRole;
  subscriptionId?: string;
  billing?: Billing;
  channel?: Channel;
  termEnd?: string;
  resellerOfRecord?: string;
  /** DELEGATED_ADMIN: the Graph id of the GDAP relationship, its key. */
  relationshipId?: string;
  displayName?: string;
  status?: GdapStatus;
  /** DELEGATED_ADMIN: Entra role template ids (GUIDs), at least one. */
  roles?: string[];
  endsOn?: string;
  autoExtend?: boolean;
}

/** A whole ecosystem: the interchange document of DOMAIN.md. */
export interface Ecosystem {
  partners: PartnerRecord[];
  customers: CustomerRecord[];
  tenants: TenantRecord[];
  edges: EdgeRecord[];
}

/** Entra's Global Administrator role template id: GDAP_GLOBAL_ADMIN_AUTO_EXTEND reads it. */
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** The well-known Entra role template ids of DOMAIN.md and their names; others show by id. */
export const ENTRA_ROLE_NAMES: ReadonlyMap<string, string> = new Map([
  [GLOBAL_ADMINISTRATOR, "Global Administrator"],
  ["fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"],
  ["f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"],
  ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"],
  ["29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"],
  ["194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"],
  ["f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"],
  ["e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"],
]);

/** A role's name, or null for an id that is not one of the well-known ones. */
export function entraRoleName(id: string): string | null {
  return ENTRA_ROLE_NAMES.get(id.toLowerCase()) ?? null;
}

/** The longest a GDAP relationship may run (gdap-introduction: P1D to P2Y). */
export const GDAP_MAX_DAYS = 730;

/** `date` (`YYYY-MM-DD`) plus `days` days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// The lists of edge types (SERVING_EDGE_TYPES, ALL_EDGE_TYPES and the rest) are derived from the
// description of each edge type in src/policy/edge-types.ts; these re-exports let the layers
// that read the vocabulary from here find them too, the serving list also under its old name
// (SERVING_EDGES: the query registry spells the Cypher lists of serving types from it). They
// stay the last statement: edge-types.ts imports the enums above, so they must be defined
// before it loads.
export {
  ALL_EDGE_TYPES,
  SERVING_EDGE_TYPES,
  SERVING_EDGE_TYPES as SERVING_EDGES,
} from "./policy/edge-types";
