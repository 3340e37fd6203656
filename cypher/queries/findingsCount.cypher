// findingsCount: how many stored findings of the current generation the caller may see: for an
// ADMIN or ANALYST the sum of the generation's tallies (a few nodes, whatever the graph's size),
// for a PARTNER a count of its entries in the partner and via indexes.
// params: none
// row: total
// scope: $scope (set by src/db for every statement) limits the count to what a PARTNER may see
MATCH (s:FindingsStamp {key: 'audit'})
// As in findingsPage: the branch the caller's scope does not take seeks a null generation.
WITH CASE WHEN $scope IS NULL THEN s.generation END AS everyone,
     CASE WHEN $scope IS NOT NULL THEN s.generation END AS partner
CALL (everyone, partner) {
  MATCH (t:FindingsTally)
  WHERE t.generation = everyone
  RETURN coalesce(sum(t.count), 0) AS total
  UNION ALL
  CALL (partner) {
    MATCH (f:Finding)
    USING INDEX f:Finding(generation, partnerId, position)
    WHERE f.generation = partner AND f.partnerId = $scope AND f.position IS NOT NULL
    RETURN f
    UNION
    MATCH (f:Finding)
    USING INDEX f:Finding(generation, via, position)
    WHERE f.generation = partner AND f.via = $scope AND f.position IS NOT NULL
    RETURN f
  }
  MATCH (p:Partner {id: f.partnerId})
  WHERE {{visibleEdge(f, p)}}
  RETURN count(f) AS total
}
RETURN sum(total) AS total
