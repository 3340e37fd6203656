/**
 * How a message names partners the edge itself does not name: the tenant's owner, who else
 * holds a subscription or serves a workload. The edge's own ends, `via` and resellerOfRecord
 * are the caller's words and always appear as given.
 */
export interface OtherPartners {
  one(partnerId: string): string;
  list(partnerIds: readonly string[]): string;
  /** Tenants the edge does not name (where else a subscription lives). */
  tenants(tenantIds: readonly string[]): string;
}

/** By id: for admins and analysts, who see the whole channel. */
export const NAMED: OtherPartners = {
  one: (partnerId) => partnerId,
  list: (partnerIds) => partnerIds.join(", "),
  tenants: (tenantIds) => `tenant ${tenantIds.join(", ")}`,
};

/**
 * Withheld: for a PARTNER, whose scope does not reach who else does business with a tenant.
 * The message still says what blocks the edge.
 */
export const WITHHELD: OtherPartners = {
  one: () => "another partner",
  list: (partnerIds) =>
    partnerIds.length === 1 ? "another partner" : `${partnerIds.length} other partners`,
  tenants: () => "another tenant",
};
