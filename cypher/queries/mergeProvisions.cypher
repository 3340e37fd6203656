// mergeProvisions: writes PROVISIONS edges, keyed by their two ends and the subscription id.
// Each edge also carries its partner's id and its tenant owner's record (tagServingEdge).
// params: rows: { from, to, subscriptionId, workload, billing, channel, termEnd: date | null,
//                 resellerOfRecord: string | null, via: string | null }[]
// row: written
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
OPTIONAL MATCH (tenant)<-[:OWNS]-(owner:Customer)
MERGE (partner)-[r:PROVISIONS {subscriptionId: row.subscriptionId}]->(tenant)
SET {{tagServingEdge(r, partner, owner)}},
    r.workload = row.workload, r.billing = row.billing, r.channel = row.channel,
    r.resellerOfRecord = row.resellerOfRecord, r.via = row.via,
    r.termEnd = CASE WHEN row.termEnd IS NULL THEN null ELSE date(row.termEnd) END
RETURN count(r) AS written
