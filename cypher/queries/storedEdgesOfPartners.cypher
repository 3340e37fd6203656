// storedEdgesOfPartners: the edges of the given types going out of one chunk of partners, in
// partner id order, from one range of partner ids (every policy edge starts at a partner). The audit
// reads every type at once; export reads one type at a time, so the file lists every
// SUPPLIES before any RESELLS_FOR, and so on, which is an order an import accepts.
// params: afterId: string (the partner id the chunk starts after; '' from the start), lastId:
//         string (the last partner id it includes), types: string[]
// row: partnerId, part (0, 1, ...: the rows of one partner in order), edges (at most 1,000, each
//      edge as a list: its type, its end's id, then EDGE_COLUMNS)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
// Bounded by ids, not by a count of partners: a partner created while chunks are read lands
// inside a range instead of pushing that chunk's last partner out of it. Both bounds are ids, so
// the seek stops at the last one (an open end, `$toId IS NULL OR ...`, read the index to its end
// for every chunk: 32,000 partners at 1,000,000 customers).
MATCH (p:Partner)
WHERE p.id > $afterId AND p.id <= $lastId
// One partner at a time, each sorted and collected on its own, so a chunk is never held whole:
// a chunk's edges sorted together held 2.9 million edges of the busiest providers at 1,000,000
// customers, past Neo4j's transaction memory. No final ORDER BY either, which would hold every row:
// the reader sorts a chunk's rows by partner id (storedEdgeChunks).
CALL (p) {
  // The types come from $types (ALL_EDGE_TYPES in src/domain.ts), not from a list written here.
  OPTIONAL MATCH (p)-[r]->(end)
  WHERE type(r) IN $types AND {{visibleEdge(r, p)}}
  WITH r, end ORDER BY type(r), end.id, r.workload, r.subscriptionId, r.relationshipId
  // The interchange properties as a list each ({{edgeColumns}} in src/db/queries.ts says which):
  // an edge also stores what it copies from its ends (tagServingEdge), which is not part of it.
  WITH [edge IN collect(CASE WHEN r IS NULL THEN null ELSE {{edgeColumns(r, end)}} END)
         WHERE edge IS NOT NULL] AS edges
  // At most 1,000 edges a row (a partner without edges still has its row): one row held a
  // busy provider's 566,000 edges at 1,000,000 customers, a Bolt message of many chunks, and
  // the driver reads such a message byte by byte through a walk of its chunks (CombinedBuffer),
  // in time quadratic in its size: 140 s for that one row, with the event loop held throughout.
  UNWIND range(0, CASE WHEN size(edges) = 0 THEN 0 ELSE size(edges) - 1 END, 1000) AS start
  RETURN start / 1000 AS part, edges[start..start + 1000] AS edges
}
RETURN p.id AS partnerId, part, edges
