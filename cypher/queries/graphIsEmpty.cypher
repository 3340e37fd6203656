// graphIsEmpty: whether the database holds no node at all (the demo data is loaded only then).
// params: none
// row: empty
OPTIONAL MATCH (n)
WITH n LIMIT 1
RETURN n IS NULL AS empty
