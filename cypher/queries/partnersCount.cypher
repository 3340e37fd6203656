// partnersCount: how many partners match the filters of partnersPage (the connection's totalCount).
// params: role: string | null, cloud: string | null, country: string | null, namePrefix: string | null
// row: total
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (p:Partner)
WHERE ($role IS NULL OR p.role = $role)
  AND ($cloud IS NULL OR p.cloud = $cloud)
  AND ($country IS NULL OR p.country = $country)
  AND ($namePrefix IS NULL OR p.name STARTS WITH $namePrefix)
  AND {{visiblePartner(p)}}
RETURN count(p) AS total
