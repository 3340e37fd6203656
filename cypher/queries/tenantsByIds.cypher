// tenantsByIds: the Tenant nodes with these ids and their owner, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), tenant (properties plus ownerId, ownerKind); no row when unknown
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (t:Tenant {id: key})<-[:OWNS]-(owner)
WHERE {{visibleTenant(t)}}
RETURN key,
       t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END} AS tenant
