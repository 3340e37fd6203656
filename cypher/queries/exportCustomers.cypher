// exportCustomers: one page of customers in id order after a keyset position, for export.
// params: afterId: string ('' from the start), limit: int
// row: customer (properties)
MATCH (c:Customer)
WHERE c.id > $afterId
RETURN c {.id, .name, .cloud, .country} AS customer
ORDER BY c.id
LIMIT $limit
