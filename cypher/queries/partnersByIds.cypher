// partnersByIds: the Partner nodes with these ids, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), partner (its properties); no row for an unknown id
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (p:Partner {id: key})
WHERE {{visiblePartner(p)}}
RETURN key, p {.*} AS partner
