// customersPage: one page of customers in (name, id) order, after a keyset cursor, with filters.
// params: fromName: string (the cursor's name, else the name prefix, else ''), afterId: string | null
//         (the cursor's id), prefix: string ('' for none), limit: int,
//         cloud: string | null, country: string | null
// row: customer (properties); at most $limit rows
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
// As in partnersPage: the name range seeks the name index in order, the rest filters.
MATCH (c:Customer)
WHERE c.name >= $fromName AND c.name STARTS WITH $prefix
  AND ($afterId IS NULL OR c.name > $fromName OR c.id > $afterId)
  AND ($cloud IS NULL OR c.cloud = $cloud)
  AND ($country IS NULL OR c.country = $country)
  AND {{visibleCustomer(c)}}
RETURN c {.*} AS customer
ORDER BY c.name, c.id
LIMIT $limit
