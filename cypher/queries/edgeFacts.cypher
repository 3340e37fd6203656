// edgeFacts: what the CSP rules need to judge each edge (src/policy/facts.ts), one row per edge.
// Only gathers facts: the rules themselves live in src/policy.
// params: edges: { index: int, type, from, to, via, resellerOfRecord, workload, subscriptionId,
//                  relationshipId, displayName, keyProperty, key, keyAcrossEnds: boolean }[],
//         audit: boolean (true when judging stored edges: an edge is then no duplicate of itself)
// row: index, from, toPartner, toTenant, toTenantInScope, toTenantCustomer, via, viaSuppliesState,
//      resellerOfRecord, resellerOfRecordSuppliesState, relationshipState, duplicate,
//      otherWorkloadPartners, subscriptionHolders, sameNameRelationships, relationshipHolder
// scope: for a PARTNER ($scope), a partner it may not see is returned as missing (toPartner: the
//        edge is then NOT_FOUND, as for an unknown id; via, resellerOfRecord: "not a known
//        partner"), and toTenantInScope says whether it may see the tenant (messages about one
//        it may not see name none of its properties)
UNWIND $edges AS e
OPTIONAL MATCH (from:Partner {id: e.from})
OPTIONAL MATCH (toPartner:Partner {id: e.to}) WHERE e.type = 'SUPPLIES'
OPTIONAL MATCH (toTenant:Tenant {id: e.to}) WHERE e.type <> 'SUPPLIES'
OPTIONAL MATCH (toTenant)<-[:OWNS]-(owner)
OPTIONAL MATCH (via:Partner {id: e.via})
OPTIONAL MATCH (via)-[viaSupplies:SUPPLIES]->(from)
OPTIONAL MATCH (ror:Partner {id: e.resellerOfRecord})
OPTIONAL MATCH (from)-[rorSupplies:SUPPLIES]->(ror)
OPTIONAL MATCH (from)-[relationship:RESELLS_FOR]->(toTenant)
// DELEGATED_ADMIN: the stored relationship with this relationshipId, between whichever ends
// (the Graph id is unique). toString and the SEEK hint as for subscriptions below.
CALL (e) {
  OPTIONAL MATCH (holder:Partner)-[held:DELEGATED_ADMIN {relationshipId: toString(e.relationshipId)}]->(heldEnd)
  USING TEXT INDEX SEEK held:DELEGATED_ADMIN(relationshipId)
  WHERE e.type = 'DELEGATED_ADMIN'
  RETURN CASE WHEN held IS NULL THEN null ELSE {from: holder.id, to: heldEnd.id} END AS relationshipHolder
  LIMIT 1
}
// The edge's far end, whichever label its type gives it.
WITH *, coalesce(toPartner, toTenant) AS toEnd
RETURN e.index AS index,
       from {.*} AS from,
       CASE WHEN toPartner IS NOT NULL AND {{visiblePartner(toPartner)}} THEN toPartner {.*} END AS toPartner,
       CASE WHEN toTenant IS NULL THEN null ELSE toTenant {.*, ownerId: owner.id} END AS toTenant,
       toTenant IS NULL OR {{visibleTenant(toTenant)}} AS toTenantInScope,
       CASE WHEN owner:Customer THEN owner {.*} ELSE null END AS toTenantCustomer,
       CASE WHEN via IS NOT NULL AND {{visiblePartner(via)}} THEN via {.*} END AS via,
       viaSupplies.state AS viaSuppliesState,
       CASE WHEN ror IS NOT NULL AND {{visiblePartner(ror)}} THEN ror {.*} END AS resellerOfRecord,
       rorSupplies.state AS resellerOfRecordSuppliesState,
       relationship.state AS relationshipState,
       // DUPLICATE: an edge of the same identity (src/policy/edge-types.ts, edgeIdentity): the
       // same type between the same ends with the same key property, if the type has one; for a
       // key unique whatever the ends, the stored edge with that key. Both ends are bound, so
       // this expands from the one with fewer relationships (a tenant, or a reseller's SUPPLIES).
       CASE
         WHEN $audit OR from IS NULL THEN false
         WHEN e.keyAcrossEnds THEN relationshipHolder IS NOT NULL
         ELSE EXISTS { MATCH (from)-[same]->(toEnd)
                       WHERE type(same) = e.type AND (e.keyProperty IS NULL OR same[e.keyProperty] = e.key) }
       END AS duplicate,
       CASE WHEN e.type = 'SERVES_WORKLOAD' AND toTenant IS NOT NULL
         THEN COLLECT { MATCH (toTenant)<-[:SERVES_WORKLOAD {workload: e.workload}]-(other:Partner)
                        WHERE other.id <> e.from RETURN DISTINCT other.id ORDER BY other.id }
         ELSE [] END AS otherWorkloadPartners,
       CASE WHEN e.type = 'PROVISIONS' AND e.subscriptionId IS NOT NULL
         // toString: the planner seeks a TEXT index only for values typed as strings. The hint
         // is a SEEK hint: with a stale index sample on a small graph, a plain index hint was
         // met by scanning the whole index (every subscription) in about half the runs.
         // Every holder, the edge's own partner and tenant included: LICENSE_TERM_LOCK reads
         // the edge's tenant, SUBSCRIPTION_TENANT every other one.
         THEN COLLECT { MATCH (holder:Partner)-[held:PROVISIONS {subscriptionId: toString(e.subscriptionId)}]->(heldIn:Tenant)
                        USING TEXT INDEX SEEK held:PROVISIONS(subscriptionId)
                        RETURN {partnerId: holder.id, tenantId: heldIn.id, billing: held.billing, termEnd: toString(held.termEnd)} }
         ELSE [] END AS subscriptionHolders,
       CASE WHEN e.type = 'DELEGATED_ADMIN' AND from IS NOT NULL AND e.displayName IS NOT NULL
         THEN COLLECT { MATCH (from)-[named:DELEGATED_ADMIN]->()
                        WHERE named.displayName = e.displayName AND named.status <> 'TERMINATED'
                          AND named.relationshipId <> e.relationshipId
                        RETURN named.relationshipId ORDER BY named.relationshipId }
         ELSE [] END AS sameNameRelationships,
       relationshipHolder
