// customersCount: how many customers match the filters of customersPage (totalCount).
// params: cloud: string | null, country: string | null, namePrefix: string | null
// row: total
MATCH (c:Customer)
WHERE ($cloud IS NULL OR c.cloud = $cloud)
  AND ($country IS NULL OR c.country = $country)
  AND ($namePrefix IS NULL OR c.name STARTS WITH $namePrefix)
RETURN count(c) AS total
