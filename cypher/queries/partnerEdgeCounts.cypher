// partnerEdgeCounts: one page of partners in id order after a keyset position, each with how
// many edges leave it (of any type: an upper bound of its policy edges, read from the node's
// degree without expanding it); the full re-audit cuts its reads of edges by these counts.
// params: afterId: string ('' from the start), limit: int
// row: id, edges
MATCH (p:Partner)
WHERE p.id > $afterId
WITH p ORDER BY p.id LIMIT $limit
RETURN p.id AS id, COUNT { (p)-->() } AS edges
