// mergeServesWorkload: writes SERVES_WORKLOAD edges, keyed by their two ends and the workload.
// params: rows: { from, to, workload, role, via: string | null }[]
// row: written
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
MERGE (partner)-[r:SERVES_WORKLOAD {workload: row.workload}]->(tenant)
SET r.role = row.role, r.via = row.via
RETURN count(r) AS written
