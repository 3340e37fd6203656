// beginFindingsBuild: announces a full re-audit building generation $generation: from now on
// writes queue the edges they re-judge for it (replaceFindings). A later build takes over from
// an earlier one still running; only the latest may swap.
// params: generation: int
// row: current (the generation readers see now; null when findings were never computed)
MERGE (s:FindingsStamp {key: 'audit'})
SET s.building = $generation
RETURN s.generation AS current
