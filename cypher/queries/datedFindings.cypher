// datedFindings: the edges of stored findings judged before $today by a rule that reads the date
// (datedOn is set only on those), for the audit to judge again before it is read.
// params: today: string (YYYY-MM-DD), limit: int
// row: edge ({ type, from, to, workload, subscriptionId, relationshipId })
MATCH (s:FindingsStamp {key: 'audit'})
MATCH (f:Finding)
WHERE f.datedOn < $today AND f.generation = s.generation
RETURN DISTINCT f {.type, .from, .to, .workload, .subscriptionId, .relationshipId} AS edge
LIMIT $limit
