// findingsPage: one page of the current generation's stored findings after keyset position
// $after, in audit order (position: the edge's partner, its key, the rule). An ADMIN or ANALYST
// reads the position index in order; a PARTNER reads the findings of its own edges and those
// naming it in `via` (two index seeks in order, merged), as visibleEdge allows.
// params: after: string ('' from the start), limit: int
// row: finding ({ position, rule, message, type, from, to, workload, subscriptionId,
//      relationshipId }), the message a PARTNER may read when $scope is set
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (s:FindingsStamp {key: 'audit'})
// The generation each branch seeks, null (a seek that finds nothing) in the branches the caller's
// scope does not take: a filter on $scope alone ran after the admins' seek had read every finding.
WITH CASE WHEN $scope IS NULL THEN s.generation END AS everyone,
     CASE WHEN $scope IS NOT NULL THEN s.generation END AS partner
CALL (everyone, partner) {
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, position)
  WHERE f.generation = everyone AND f.position > $after
  // Ordered by the index's own columns: the seek then stops after $limit entries (ordered by
  // the position alone the planner read every finding and kept the top).
  RETURN f ORDER BY f.generation, f.position LIMIT $limit
  UNION
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, partnerId, position)
  WHERE f.generation = partner AND f.partnerId = $scope AND f.position > $after
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN f ORDER BY f.generation, f.partnerId, f.position LIMIT $limit
  UNION
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, via, position)
  WHERE f.generation = partner AND f.via = $scope AND f.position > $after
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN f ORDER BY f.generation, f.via, f.position LIMIT $limit
}
WITH f ORDER BY f.position LIMIT $limit
RETURN f {.position, .rule, .type, .from, .to, .workload, .subscriptionId, .relationshipId,
          message: CASE WHEN $scope IS NULL THEN f.message ELSE f.partnerMessage END} AS finding
