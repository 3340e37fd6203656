import { ForbiddenError } from "../errors";
import type { Principal } from "./principal";

/** Nodes (partners, customers, tenants) are written by ADMIN only. */
export function requireAdmin(principal: Principal): void {
  if (principal.role !== "ADMIN") {
    throw new ForbiddenError(`${principal.role} may not write nodes; only ADMIN may`);
  }
}

/**
 * Edges are written by ADMIN, or by a PARTNER for edges it originates (`from` is its own id:
 * its RESELLS_FOR, SERVES_WORKLOAD and PROVISIONS, and a provider's SUPPLIES). ANALYST reads only.
 */
export function requireEdgeOrigin(principal: Principal, from: string): void {
  switch (principal.role) {
    case "ADMIN":
      return;
    case "ANALYST":
      throw new ForbiddenError("ANALYST may read and run dry runs, not write edges");
    case "PARTNER":
      if (principal.partnerId !== from) {
        throw new ForbiddenError(
          `partner ${principal.partnerId} may only write edges from itself, not from ${from}`,
        );
      }
  }
}
