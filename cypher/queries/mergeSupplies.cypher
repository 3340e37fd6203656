// mergeSupplies: writes SUPPLIES edges (provider -> reseller), keyed by their two ends.
// params: rows: { from, to, state, since: date | null }[]
// row: written
// Planned afresh for every batch: an import starts with no edges of the type, and a plan made
// for that (scan the type's few relationships) turns quadratic as thousands land in the minute
// before Neo4j replans on its own. Planning costs milliseconds; a batch is thousands of rows.
CYPHER replan=force
UNWIND $rows AS row
MATCH (provider:Partner {id: row.from})
MATCH (reseller:Partner {id: row.to})
MERGE (provider)-[r:SUPPLIES]->(reseller)
SET r.state = row.state, r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END
RETURN count(r) AS written
