// storedEdgesOfPartners: the policy-relevant edges going out of one chunk of partners, in id order
// from a keyset position, for the audit (every such edge starts at a partner).
// params: fromId: string (first partner id to include; empty from the start), limit: int (partners per chunk)
// row: partnerId, edges (list of edges as the interchange format has them)
MATCH (p:Partner)
WHERE p.id >= $fromId
WITH p ORDER BY p.id LIMIT $limit
OPTIONAL MATCH (p)-[r:SUPPLIES|RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]->(end)
WITH p, r, end ORDER BY type(r), end.id, r.workload, r.subscriptionId
RETURN p.id AS partnerId,
       [edge IN collect(CASE WHEN r IS NULL THEN null ELSE r {.*, type: type(r), from: p.id, to: end.id,
           since: toString(r.since), termEnd: toString(r.termEnd)} END) WHERE edge IS NOT NULL] AS edges
ORDER BY partnerId
