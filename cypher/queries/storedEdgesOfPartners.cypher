// storedEdgesOfPartners: the edges of the given types going out of one chunk of partners, in
// partner id order from a keyset position (every policy edge starts at a partner). The audit
// reads every type at once; export reads one type at a time, so the file lists every
// SUPPLIES before any RESELLS_FOR, and so on, which is an order an import accepts.
// params: fromId: string (first partner id to include; '' from the start), limit: int (partners
//         per chunk), types: string[]
// row: partnerId, edges (list of edges as the interchange format has them)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (p:Partner)
WHERE p.id >= $fromId
WITH p ORDER BY p.id LIMIT $limit
// The types come from $types (ALL_EDGE_TYPES in src/domain.ts), not from a list written here.
OPTIONAL MATCH (p)-[r]->(end)
WHERE type(r) IN $types AND {{visibleEdge(r, p)}}
WITH p, r, end ORDER BY type(r), end.id, r.workload, r.subscriptionId, r.relationshipId
// The interchange properties by name: an edge also stores what it copies from its ends
// (tagServingEdge), which is not part of the edge.
RETURN p.id AS partnerId,
       [edge IN collect(CASE WHEN r IS NULL THEN null ELSE r {type: type(r), from: p.id, to: end.id,
           .state, .via, .workload, .role, .subscriptionId, .billing, .channel, .resellerOfRecord,
           .relationshipId, .displayName, .status, .roles, .autoExtend,
           since: toString(r.since), termEnd: toString(r.termEnd), endsOn: toString(r.endsOn)} END)
         WHERE edge IS NOT NULL] AS edges
ORDER BY partnerId
