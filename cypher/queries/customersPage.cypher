// customersPage: one page of customers in (name, id) order, after a keyset cursor, with filters.
// params: afterName: string | null, afterId: string | null, limit: int,
//         cloud: string | null, country: string | null, namePrefix: string | null
// row: customer (properties); at most $limit rows
MATCH (c:Customer)
WHERE ($cloud IS NULL OR c.cloud = $cloud)
  AND ($country IS NULL OR c.country = $country)
  AND ($namePrefix IS NULL OR c.name STARTS WITH $namePrefix)
  AND ($afterName IS NULL OR c.name > $afterName OR (c.name = $afterName AND c.id > $afterId))
RETURN c {.*} AS customer
ORDER BY c.name, c.id
LIMIT $limit
