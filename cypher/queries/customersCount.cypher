// customersCount: how many customers match the filters of customersPage (totalCount).
// params: cloud: string | null, country: string | null, namePrefix: string | null
// row: total
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (c:Customer)
WHERE ($cloud IS NULL OR c.cloud = $cloud)
  AND ($country IS NULL OR c.country = $country)
  AND ($namePrefix IS NULL OR c.name STARTS WITH $namePrefix)
  AND {{visibleCustomer(c)}}
RETURN count(c) AS total
