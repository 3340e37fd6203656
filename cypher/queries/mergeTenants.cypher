// mergeTenants: creates or updates tenants by id and links each to its owner (OWNS). A tenant
// whose owner changed also keeps its old OWNS until dropStaleOwners runs on the same rows, in
// the same transaction: split in two so neither statement needs an Eager pass over the batch.
// params: rows: TenantRecord[] (ownerId names a Partner or a Customer that exists)
// row: written
UNWIND $rows AS row
OPTIONAL MATCH (partner:Partner {id: row.ownerId})
OPTIONAL MATCH (customer:Customer {id: row.ownerId})
WITH row, coalesce(partner, customer) AS owner
MERGE (t:Tenant {id: row.id})
SET t.domain = row.domain, t.purpose = row.purpose, t.cloud = row.cloud, t.country = row.country
MERGE (owner)-[:OWNS]->(t)
RETURN count(t) AS written
