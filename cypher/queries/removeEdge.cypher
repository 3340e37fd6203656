// removeEdge: deletes one stored edge named by type, ends, and workload (SERVES_WORKLOAD) or
// subscriptionId (PROVISIONS) or relationshipId (DELEGATED_ADMIN). Never cascades: what depended on it shows up in the audit.
// params: type: string, from: string, to: string, workload: string | null, subscriptionId: string | null,
//         relationshipId: string | null
// row: removed (how many edges were deleted: 0 or 1)
// Both ends found by id, then the edges between them (not a busy provider's every edge).
MATCH (from:Partner {id: $from})
{{edgeEnd(end, $to)}}
MATCH (from)-[r]->(end)
WHERE type(r) = $type
  // Its key property, for a keyed type (EDGE_TYPES in src/policy/edge-types.ts).
  AND {{keyMatches(r, $type, $)}}
  AND type(r) <> 'OWNS'
DELETE r
RETURN count(r) AS removed
