// mergeDelegatedAdmin: writes DELEGATED_ADMIN edges (GDAP relationships, partner -> tenant), keyed
// by their two ends and the relationship's Graph id. Not a serving edge: it carries no customer
// record (tagServingEdge), and no list of who serves whom reads it.
// params: rows: { from, to, relationshipId, displayName, status, roles: string[], since: date | null,
//                 endsOn: date | null, autoExtend: boolean, via: string | null }[]
// row: written
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
MERGE (partner)-[r:DELEGATED_ADMIN {relationshipId: row.relationshipId}]->(tenant)
SET r.displayName = row.displayName, r.status = row.status, r.roles = row.roles,
    r.autoExtend = coalesce(row.autoExtend, false), r.via = row.via,
    r.since = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END,
    r.endsOn = CASE WHEN row.endsOn IS NULL THEN null ELSE date(row.endsOn) END
RETURN count(r) AS written
