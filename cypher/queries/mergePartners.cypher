// mergePartners: creates or updates partners by id, a batch at a time.
// params: rows: PartnerRecord[]
// row: written
UNWIND $rows AS row
MERGE (p:Partner {id: row.id})
SET p.name = row.name, p.role = row.role, p.cloud = row.cloud, p.country = row.country,
    p.markets = row.markets, p.mpaSigned = row.mpaSigned
RETURN count(p) AS written
