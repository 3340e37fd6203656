// findingsCount: how many stored findings of the current generation the caller may see (a count
// of index entries, not a judgement of the graph).
// params: none
// row: total
// scope: $scope (set by src/db for every statement) limits the count to what a PARTNER may see
MATCH (s:FindingsStamp {key: 'audit'})
WITH s.generation AS g
CALL (g) {
  WITH g WHERE $scope IS NULL
  MATCH (f:Finding)
  USING INDEX f:Finding(generation, position)
  WHERE f.generation = g AND f.position IS NOT NULL
  RETURN count(f) AS total
  UNION ALL
  WITH g WHERE $scope IS NOT NULL
  CALL (g) {
    MATCH (f:Finding)
    USING INDEX f:Finding(generation, partnerId, position)
    WHERE f.generation = g AND f.partnerId = $scope AND f.position IS NOT NULL
    RETURN f
    UNION
    MATCH (f:Finding)
    USING INDEX f:Finding(generation, via, position)
    WHERE f.generation = g AND f.via = $scope AND f.position IS NOT NULL
    RETURN f
  }
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN count(f) AS total
}
RETURN sum(total) AS total
