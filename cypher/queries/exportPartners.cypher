// exportPartners: one page of partners in id order after a keyset position, for export.
// params: afterId: string ('' from the start), limit: int
// row: partner (properties)
MATCH (p:Partner)
WHERE p.id > $afterId
RETURN p {.id, .name, .role, .cloud, .country, .markets, .mpaSigned} AS partner
ORDER BY p.id
LIMIT $limit
