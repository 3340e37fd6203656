// mergeResellsFor: writes RESELLS_FOR edges (partner -> tenant), keyed by their two ends.
// params: rows: { from, to, state, since: date | null, via: string | null }[]
// row: written
// Planned afresh for every batch: an import starts with no edges of the type, and a plan made
// for that (scan the type's few relationships) turns quadratic as thousands land in the minute
// before Neo4j replans on its own. Planning costs milliseconds; a batch is thousands of rows.
CYPHER replan=force
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
MERGE (partner)-[r:RESELLS_FOR]->(tenant)
SET r.state = row.state, r.via = row.via,
    r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END
RETURN count(r) AS written
