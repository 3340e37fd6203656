// partnersByIds: the Partner nodes with these ids, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), partner (its properties); no row for an unknown id
UNWIND $ids AS key
MATCH (p:Partner {id: key})
RETURN key, p {.*} AS partner
