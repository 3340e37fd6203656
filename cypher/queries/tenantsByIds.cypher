// tenantsByIds: the Tenant nodes with these ids and their owner, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), tenant (properties plus ownerId, ownerKind); no row when unknown
UNWIND $ids AS key
MATCH (t:Tenant {id: key})<-[:OWNS]-(owner)
RETURN key,
       t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END} AS tenant
