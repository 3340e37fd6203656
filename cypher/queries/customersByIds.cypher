// customersByIds: the Customer nodes with these ids, for the node DataLoader.
// params: ids: string[]
// row: key (the id asked for), customer (its properties); no row for an unknown id
UNWIND $ids AS key
MATCH (c:Customer {id: key})
RETURN key, c {.*} AS customer
