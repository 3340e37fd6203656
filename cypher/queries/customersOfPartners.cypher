// customersOfPartners: one page of the customers each partner serves directly (a serving edge
// into one of the customer's tenants), in (name, id) order after a keyset position.
// params: ids: string[] (partner ids), afterName: string | null, afterId: string | null, limit: int
// row: key (partner id), total (all such customers), page (at most $limit customers)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (p:Partner {id: key})-[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]->(:Tenant)<-[:OWNS]-(c:Customer)
WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
WITH DISTINCT key, c
ORDER BY c.name, c.id
// Collects the nodes and reads the properties of the page only: a reseller may serve thousands.
WITH key, collect(c) AS customers
RETURN key, size(customers) AS total,
       [c IN [c IN customers WHERE $afterName IS NULL OR c.name > $afterName
                                OR (c.name = $afterName AND c.id > $afterId)][..$limit] | c {.*}] AS page
