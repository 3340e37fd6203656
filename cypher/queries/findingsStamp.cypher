// findingsStamp: which generation of stored findings readers see, the rule set it was judged by,
// whether a full re-audit is building the next one, and whether any of its findings of a rule
// that reads the date were judged before $today (datedFindings re-judges them).
// params: today: string (YYYY-MM-DD)
// row: generation | null, rules | null, building | null, dated (absent stamp: no row)
MATCH (s:FindingsStamp {key: 'audit'})
RETURN s.generation AS generation, s.rules AS rules, s.building AS building,
       EXISTS { MATCH (f:Finding) WHERE f.datedOn < $today AND f.generation = s.generation } AS dated
