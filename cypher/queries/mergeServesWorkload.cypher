// mergeServesWorkload: writes SERVES_WORKLOAD edges, keyed by their two ends and the workload.
// params: rows: { from, to, workload, role, via: string | null }[]
// row: written
// Planned afresh for every batch: an import starts with no edges of the type, and a plan made
// for that (scan the type's few relationships) turns quadratic as thousands land in the minute
// before Neo4j replans on its own. Planning costs milliseconds; a batch is thousands of rows.
CYPHER replan=force
UNWIND $rows AS row
MATCH (partner:Partner {id: row.from})
MATCH (tenant:Tenant {id: row.to})
MERGE (partner)-[r:SERVES_WORKLOAD {workload: row.workload}]->(tenant)
SET r.role = row.role, r.via = row.via
RETURN count(r) AS written
