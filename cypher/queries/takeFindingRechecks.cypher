// takeFindingRechecks: removes and returns up to $limit edges that writes queued while a full
// re-audit was building (replaceFindings), for it to judge again after its swap.
// params: limit: int
// row: edge ({ edgeId, type, from, to, workload, subscriptionId, relationshipId })
MATCH (q:FindingRecheck)
WITH q LIMIT $limit
WITH q, q {.edgeId, .type, .from, .to, .workload, .subscriptionId, .relationshipId} AS edge
DELETE q
RETURN edge
