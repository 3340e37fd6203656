// findingsPage: one page of the current generation's stored findings after keyset position
// $after, in audit order (position: the edge's partner, its key, the rule). An ADMIN or ANALYST
// reads the position index in order; a PARTNER reads the findings of its own edges and those
// naming it in `via` (two index seeks in order, merged), as visibleEdge allows.
// params: after: string ('' from the start), limit: int
// row: finding ({ position, rule, message, type, from, to, workload, subscriptionId,
//      relationshipId }), the message a PARTNER may read when $scope is set
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (s:FindingsStamp {key: 'audit'})
WITH s.generation AS g
CALL (g) {
  WITH g WHERE $scope IS NULL
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, position)
  WHERE f.generation = g AND f.position > $after
  RETURN f ORDER BY f.position LIMIT $limit
  UNION
  WITH g WHERE $scope IS NOT NULL
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, partnerId, position)
  WHERE f.generation = g AND f.partnerId = $scope AND f.position > $after
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN f ORDER BY f.position LIMIT $limit
  UNION
  WITH g WHERE $scope IS NOT NULL
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, via, position)
  WHERE f.generation = g AND f.via = $scope AND f.position > $after
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN f ORDER BY f.position LIMIT $limit
}
WITH f ORDER BY f.position LIMIT $limit
RETURN f {.position, .rule, .type, .from, .to, .workload, .subscriptionId, .relationshipId,
          message: CASE WHEN $scope IS NULL THEN f.message ELSE f.partnerMessage END} AS finding
