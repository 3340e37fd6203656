// customersOfPartners: one page of the customers each partner serves directly (a serving edge
// into one of the customer's tenants), in (name, id) order after a keyset position.
// params: ids: string[] (partner ids), afterName: string | null, afterId: string | null, limit: int
// row: key (partner id), page (at most $limit customers); customersCountOfPartners counts them
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
//
// Each serving edge type's index (cypher/schema, *_by_customer) yields the partner's edges in
// customer order, with the customer's record: servedCustomersInOrder (src/db/queries.ts) is a
// UNION of one branch per type, each reading until it has $limit distinct customers, so a page
// costs the same for a partner with ten customers or ten thousand, and no Customer node is read.
// The first $limit of the branches together are the page.
UNWIND $ids AS key
CALL (key) {
  CALL (key) {
    {{servedCustomersInOrder(key)}}
  }
  WITH name, id, cloud, country ORDER BY name, id LIMIT $limit
  RETURN collect({id: id, name: name, cloud: cloud, country: country}) AS page
}
RETURN key, page
