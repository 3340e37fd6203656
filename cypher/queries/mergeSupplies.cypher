// mergeSupplies: writes SUPPLIES edges (provider -> reseller), keyed by their two ends.
// params: rows: { from, to, state, since: date | null }[]
// row: written
UNWIND $rows AS row
MATCH (provider:Partner {id: row.from})
MATCH (reseller:Partner {id: row.to})
MERGE (provider)-[r:SUPPLIES]->(reseller)
SET r.state = row.state, r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END
RETURN count(r) AS written
