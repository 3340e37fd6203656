// dropStaleOwners: removes the OWNS of anyone but the named owner, so a tenant has exactly one.
// params: rows: { id, ownerId }[] (the rows mergeTenants just wrote)
// row: dropped
UNWIND $rows AS row
MATCH (:Tenant {id: row.id})<-[stale:OWNS]-(other)
WHERE other.id <> row.ownerId
DELETE stale
RETURN count(stale) AS dropped
