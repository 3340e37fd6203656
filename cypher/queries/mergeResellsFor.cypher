// mergeResellsFor: writes RESELLS_FOR edges (partner -> tenant), keyed by their two ends.
// Each edge also carries its partner's id and its tenant owner's record (tagServingEdge).
// params: rows: { from, to, state, since: date | null, via: string | null }[]
// row: written
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
OPTIONAL MATCH (tenant)<-[:OWNS]-(owner:Customer)
MERGE (partner)-[r:RESELLS_FOR]->(tenant)
SET {{tagServingEdge(r, partner, owner)}},
    r.state = row.state, r.via = row.via,
    r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END
RETURN count(r) AS written
