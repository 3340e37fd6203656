// deleteStaleFindings: deletes up to $limit findings of generations no reader sees and no build
// is writing (the generation a swap replaced, or an interrupted build's), and their tallies.
// params: limit: int
// row: deleted
MATCH (s:FindingsStamp {key: 'audit'})
CALL (s) {
  MATCH (t:FindingsTally)
  WHERE t.generation <> coalesce(s.generation, -1) AND t.generation <> coalesce(s.building, -1)
  DELETE t
}
MATCH (f:Finding)
WHERE f.generation <> coalesce(s.generation, -1) AND f.generation <> coalesce(s.building, -1)
WITH f LIMIT $limit
DELETE f
RETURN count(f) AS deleted
