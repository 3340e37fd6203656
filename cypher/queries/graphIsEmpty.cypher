// graphIsEmpty: whether the database holds no node at all (the demo data is loaded only then);
// the stored audit findings and their stamp are bookkeeping, not nodes of the channel.
// params: none
// row: empty
OPTIONAL MATCH (n)
WHERE NOT n:Finding AND NOT n:FindingsStamp AND NOT n:FindingRecheck
WITH n LIMIT 1
RETURN n IS NULL AS empty
