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
}

/** A whole ecosystem: the interchange document of DOMAIN.md. */
export interface Ecosystem {
  partners: PartnerRecord[];
  customers: CustomerRecord[];
  tenants: TenantRecord[];
  edges: EdgeRecord[];
}

/** Edges that go from a partner to a tenant (everything but SUPPLIES). */
export const PARTNER_TO_TENANT_EDGES: readonly EdgeType[] = [
  EdgeType.RESELLS_FOR,
  EdgeType.SERVES_WORKLOAD,
  EdgeType.PROVISIONS,
];
