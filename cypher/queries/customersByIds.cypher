// customersByIds: the Customer nodes with these ids, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), customer (its properties); no row for an unknown id
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (c:Customer {id: key})
WHERE {{visibleCustomer(c)}}
RETURN key, c {.*} AS customer
