// servicesOfCustomers: one row per serving edge into any tenant of each customer (RESELLS_FOR that
// is not REMOVED, SERVES_WORKLOAD, PROVISIONS); with a workload, only SERVES_WORKLOAD and
// PROVISIONS of it.
// params: ids: string[] (customer ids), workload: string | null
// row: key (customer id), services (list of { partner, tenant, relation, workload, viaId, via, subscriptionId })
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Customer {id: key})-[:OWNS]->(t:Tenant)<-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(p:Partner)
WHERE (($workload IS NULL AND coalesce(e.state, 'ACTIVE') <> 'REMOVED')
   OR ($workload IS NOT NULL AND type(e) <> 'RESELLS_FOR' AND e.workload = $workload))
  AND {{visibleEdge(e, p)}}
// The provider named in `via`, read here rather than by a second statement through the partner
// loader; the same visibility as partnersByIds, so a scoped caller sees the same `via`.
OPTIONAL MATCH (via:Partner {id: e.via})
WHERE {{visiblePartner(via)}}
WITH key, t, p, e, via ORDER BY t.domain, p.name, p.id, type(e), e.workload, e.subscriptionId
RETURN key, collect({
  partner: p {.*},
  tenant: t {.*, ownerId: key, ownerKind: 'Customer'},
  relation: type(e), workload: e.workload, viaId: e.via, via: via {.*},
  subscriptionId: e.subscriptionId
}) AS services
