// mergeProvisions: writes PROVISIONS edges, keyed by their two ends and the subscription id.
// params: rows: { from, to, subscriptionId, workload, billing, channel, termEnd: date | null,
//                 resellerOfRecord: string | null, via: string | null }[]
// row: written
// Planned afresh for every batch: an import starts with no edges of the type, and a plan made
// for that (scan the type's few relationships) turns quadratic as thousands land in the minute
// before Neo4j replans on its own. Planning costs milliseconds; a batch is thousands of rows.
CYPHER replan=force
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
MERGE (partner)-[r:PROVISIONS {subscriptionId: row.subscriptionId}]->(tenant)
SET r.workload = row.workload, r.billing = row.billing, r.channel = row.channel,
    r.resellerOfRecord = row.resellerOfRecord, r.via = row.via,
    r.termEnd = CASE WHEN row.termEnd IS NULL THEN null ELSE date(row.termEnd) END
RETURN count(r) AS written
