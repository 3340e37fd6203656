// mergeTenants: creates or updates tenants by id and links each to its one owner (OWNS).
// params: rows: TenantRecord[] (ownerId names a Partner or a Customer that exists)
// row: written
UNWIND $rows AS row
MERGE (t:Tenant {id: row.id})
SET t.domain = row.domain, t.purpose = row.purpose, t.cloud = row.cloud, t.country = row.country
WITH t, row
OPTIONAL MATCH (partner:Partner {id: row.ownerId})
OPTIONAL MATCH (customer:Customer {id: row.ownerId})
WITH t, coalesce(partner, customer) AS owner
// A tenant has exactly one owner: a new owner replaces the old one.
OPTIONAL MATCH (t)<-[previous:OWNS]-(other)
WHERE other <> owner
DELETE previous
MERGE (owner)-[:OWNS]->(t)
RETURN count(DISTINCT t) AS written
