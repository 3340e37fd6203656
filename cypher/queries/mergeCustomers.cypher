// mergeCustomers: creates or updates customers by id, a batch at a time.
// params: rows: CustomerRecord[]
// row: written
UNWIND $rows AS row
MERGE (c:Customer {id: row.id})
SET c.name = row.name, c.cloud = row.cloud, c.country = row.country
RETURN count(c) AS written
