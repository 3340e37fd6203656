// partnersPage: one page of partners in (name, id) order, after a keyset cursor, with filters.
// params: fromName: string (the cursor's name, else the name prefix, else ''), afterId: string | null
//         (the cursor's id), prefix: string ('' for none), limit: int,
//         role: string | null, cloud: string | null, country: string | null
// row: partner (properties); at most $limit rows
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
// The name range and prefix are plain predicates so the planner seeks the name index and reads
// it in order; the cursor's tie-break on id and the other filters apply to what it reads.
MATCH (p:Partner)
WHERE p.name >= $fromName AND p.name STARTS WITH $prefix
  AND ($afterId IS NULL OR p.name > $fromName OR p.id > $afterId)
  AND ($role IS NULL OR p.role = $role)
  AND ($cloud IS NULL OR p.cloud = $cloud)
  AND ($country IS NULL OR p.country = $country)
  AND {{visiblePartner(p)}}
RETURN p {.*} AS partner
ORDER BY p.name, p.id
LIMIT $limit
