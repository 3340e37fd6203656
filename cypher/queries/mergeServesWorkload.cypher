// mergeServesWorkload: writes SERVES_WORKLOAD edges, keyed by their two ends and the workload.
// Each edge also carries its partner's id and its tenant owner's record (tagServingEdge).
// params: rows: { from, to, workload, role, via: string | null }[]
// row: written
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
OPTIONAL MATCH (tenant)<-[:OWNS]-(owner:Customer)
MERGE (partner)-[r:SERVES_WORKLOAD {workload: row.workload}]->(tenant)
SET {{tagServingEdge(r, partner, owner)}},
    r.role = row.role, r.via = row.via
RETURN count(r) AS written
