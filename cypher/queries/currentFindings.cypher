// currentFindings: every stored finding of the current generation as written, a page at a time
// in position order, for comparing them with a full re-audit (`npm run audit -- --check`, tests).
// params: after: string ('' from the start), limit: int
// row: finding (FindingRow, without its generation)
MATCH (s:FindingsStamp {key: 'audit'})
MATCH (f:Finding)
USING INDEX f:Finding(generation, position)
WHERE f.generation = s.generation AND f.position > $after
// The index's own order: the seek stops after $limit entries.
WITH f ORDER BY f.generation, f.position LIMIT $limit
RETURN f {.edgeId, .type, .from, .to, .workload, .subscriptionId, .relationshipId, .position,
          .rule, .message, .partnerMessage, .partnerId, .via, .state, .datedOn} AS finding
