// servicesOfCustomers: one row per serving edge into any tenant of each customer (RESELLS_FOR that
// is not REMOVED, SERVES_WORKLOAD, PROVISIONS); with a workload, only SERVES_WORKLOAD and
// PROVISIONS of it.
// params: ids: string[] (customer ids), workload: string | null
// row: key (customer id), services (list of { partnerId, tenantId, relation, workload, viaId,
//      viaVisible, subscriptionId }), partners and tenants (each one they name, once)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Customer {id: key})-[:OWNS]->(t:Tenant)<-[e:{{servingEdgeTypes()}}]-(p:Partner)
WHERE (($workload IS NULL AND coalesce(e.state, 'ACTIVE') <> 'REMOVED')
   OR ($workload IS NOT NULL AND type(e) <> 'RESELLS_FOR' AND e.workload = $workload))
  AND {{visibleEdge(e, p)}}
// The provider named in `via`, read here rather than by a second statement through the partner
// loader; the same visibility as partnersByIds, so a scoped caller sees the same `via`.
OPTIONAL MATCH (via:Partner {id: e.via})
WHERE {{visiblePartner(via)}}
WITH key, t, p, e, via ORDER BY t.domain, p.name, p.id, type(e), e.workload, e.subscriptionId
// Each partner and tenant once, the services naming them by id (src/db/mappers.ts joins them):
// a partner serving a tenant three ways, or several tenants, would otherwise cross the wire,
// and be decoded, once per service.
WITH key,
     collect({partnerId: p.id, tenantId: t.id, relation: type(e), workload: e.workload,
              viaId: e.via, viaVisible: via IS NOT NULL, subscriptionId: e.subscriptionId}) AS services,
     collect(DISTINCT p) + collect(DISTINCT via) AS partners,
     collect(DISTINCT t) AS tenants
RETURN key, services, [p IN partners | p {.*}] AS partners,
       [t IN tenants | t {.*, ownerId: key, ownerKind: 'Customer'}] AS tenants
