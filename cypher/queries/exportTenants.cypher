// exportTenants: one page of tenants in id order after a keyset position, with their owner's id.
// params: afterId: string ('' from the start), limit: int
// row: tenant (properties and ownerId)
MATCH (t:Tenant)
WHERE t.id > $afterId
WITH t ORDER BY t.id LIMIT $limit
MATCH (t)<-[:OWNS]-(owner)
RETURN t {.id, .domain, .purpose, .cloud, .country, ownerId: owner.id} AS tenant
ORDER BY t.id
