// servicesOfTenants: one row per serving edge into each tenant (RESELLS_FOR that is not REMOVED,
// SERVES_WORKLOAD, PROVISIONS); with a workload, only SERVES_WORKLOAD and PROVISIONS of it.
// params: ids: string[] (tenant ids), workload: string | null
// row: key (tenant id), services (list of { partnerId, tenantId, relation, workload, viaId,
//      viaVisible, subscriptionId }), partners and tenants (each one they name, once)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (t:Tenant {id: key})<-[:OWNS]-(owner)
MATCH (t)<-[e:{{servingEdgeTypes()}}]-(p:Partner)
WHERE (($workload IS NULL AND coalesce(e.state, 'ACTIVE') <> 'REMOVED')
   OR ($workload IS NOT NULL AND type(e) <> 'RESELLS_FOR' AND e.workload = $workload))
  AND {{visibleEdge(e, p)}}
// The provider named in `via`, read here rather than by a second statement through the partner
// loader; the same visibility as partnersByIds, so a scoped caller sees the same `via`.
OPTIONAL MATCH (via:Partner {id: e.via})
WHERE {{visiblePartner(via)}}
WITH key, t, owner, p, e, via ORDER BY p.name, p.id, type(e), e.workload, e.subscriptionId
// Each partner once, the services naming it by id (as in servicesOfCustomers).
WITH key, t, owner,
     collect({partnerId: p.id, tenantId: t.id, relation: type(e), workload: e.workload,
              viaId: e.via, viaVisible: via IS NOT NULL, subscriptionId: e.subscriptionId}) AS services,
     collect(DISTINCT p) + collect(DISTINCT via) AS partners
RETURN key, services, [p IN partners | p {.*}] AS partners,
       [t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END}] AS tenants
