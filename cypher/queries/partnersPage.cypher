// partnersPage: one page of partners in (name, id) order, after a keyset cursor, with filters.
// params: afterName: string | null, afterId: string | null, limit: int,
//         role: string | null, cloud: string | null, country: string | null, namePrefix: string | null
// row: partner (properties); at most $limit rows
MATCH (p:Partner)
WHERE ($role IS NULL OR p.role = $role)
  AND ($cloud IS NULL OR p.cloud = $cloud)
  AND ($country IS NULL OR p.country = $country)
  AND ($namePrefix IS NULL OR p.name STARTS WITH $namePrefix)
  AND ($afterName IS NULL OR p.name > $afterName OR (p.name = $afterName AND p.id > $afterId))
RETURN p {.*} AS partner
ORDER BY p.name, p.id
LIMIT $limit
