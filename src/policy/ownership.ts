import { TenantPurpose } from "../domain";
import { UnreachableCaseError } from "../unreachable";

/** The label of a tenant's owner. */
export type OwnerKind = "Partner" | "Customer";

/**
 * DOMAIN.md, "Nodes": every tenant has exactly one owner, and its purpose says which kind: a
 * customer owns CUSTOMER tenants, a partner its CSP-transacting tenant and CORPORATE ones.
 */
export function ownerKindFor(purpose: TenantPurpose): OwnerKind {
  switch (purpose) {
    case TenantPurpose.CUSTOMER:
      return "Customer";
    case TenantPurpose.CSP:
    case TenantPurpose.CORPORATE:
      return "Partner";
    default:
      throw new UnreachableCaseError(purpose);
  }
}

/** Why an owner may not own a tenant; the caller words it for its reader (a path, a field). */
export type OwnershipProblem =
  /** The owner is of the other kind than the purpose asks for. */
  | { problem: "WRONG_OWNER_KIND"; wanted: OwnerKind; actual: OwnerKind }
  /** A partner owns at most one CSP tenant: `existing` is the one it has. */
  | { problem: "SECOND_CSP_TENANT"; existing: string };

/**
 * Whether `ownerKind` may own a tenant of `purpose`, given the CSP tenant the owner already has
 * other than this one (null when none): the one place the ownership rules are decided, for a
 * document (src/interchange.ts) and a mutation (src/services/node.service.ts) alike.
 */
export function ownershipProblem(
  purpose: TenantPurpose,
  ownerKind: OwnerKind,
  otherCspTenant: string | null,
): OwnershipProblem | null {
  const wanted = ownerKindFor(purpose);
  if (ownerKind !== wanted) return { problem: "WRONG_OWNER_KIND", wanted, actual: ownerKind };
  if (purpose === TenantPurpose.CSP && otherCspTenant !== null) {
    return { problem: "SECOND_CSP_TENANT", existing: otherCspTenant };
  }
  return null;
}
