// servicesOfTenants: one row per serving edge into each tenant (RESELLS_FOR that is not REMOVED,
// SERVES_WORKLOAD, PROVISIONS); with a workload, only SERVES_WORKLOAD and PROVISIONS of it.
// params: ids: string[] (tenant ids), workload: string | null
// row: key (tenant id), services (list of { partner, tenant, relation, workload, viaId, subscriptionId })
UNWIND $ids AS key
MATCH (t:Tenant {id: key})<-[:OWNS]-(owner)
MATCH (t)<-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(p:Partner)
WHERE ($workload IS NULL AND coalesce(e.state, 'ACTIVE') <> 'REMOVED')
   OR ($workload IS NOT NULL AND type(e) <> 'RESELLS_FOR' AND e.workload = $workload)
WITH key, t, owner, p, e ORDER BY p.name, p.id, type(e), e.workload, e.subscriptionId
RETURN key, collect({
  partner: p {.*},
  tenant: t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END},
  relation: type(e), workload: e.workload, viaId: e.via, subscriptionId: e.subscriptionId
}) AS services
