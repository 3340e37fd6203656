// swapFindings: makes generation $generation the one readers see, in one small write: the stamp
// names it, with the rule set it was judged by. Nothing when a later build took over.
// params: generation: int, rules: string (the rule set's signature), computedAt: int (ms)
// row: swapped (true when this build's findings are now current)
MATCH (s:FindingsStamp {key: 'audit'})
WHERE s.building = $generation
SET s.generation = $generation, s.building = null, s.rules = $rules, s.computedAt = $computedAt
RETURN true AS swapped
