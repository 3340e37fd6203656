// tenantOwnerFacts: what upsertTenant checks before it writes: the owner's kind, and the CSP tenant
// the owner already has (a partner owns at most one), and the tenant's current owner.
// params: tenantId: string, ownerId: string
// row: ownerKind ('Partner' | 'Customer' | null when unknown), cspTenantId (string | null),
//      currentOwnerId (string | null)
OPTIONAL MATCH (partner:Partner {id: $ownerId})
OPTIONAL MATCH (customer:Customer {id: $ownerId})
OPTIONAL MATCH (partner)-[:OWNS]->(csp:Tenant {purpose: 'CSP'}) WHERE csp.id <> $tenantId
OPTIONAL MATCH (:Tenant {id: $tenantId})<-[:OWNS]-(current)
RETURN CASE WHEN partner IS NOT NULL THEN 'Partner' WHEN customer IS NOT NULL THEN 'Customer' ELSE null END AS ownerKind,
       csp.id AS cspTenantId,
       current.id AS currentOwnerId
LIMIT 1
