// downstreamCustomersOfPartners: one page of the customers each partner serves directly or through
// a reseller it ACTIVE-SUPPLIES whose edge names it in `via`, in (name, id) order.
// params: ids: string[] (partner ids), afterName: string | null, afterId: string | null, limit: int
// row: key (partner id), total (all such customers), page (at most $limit customers)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (p:Partner {id: key})
CALL (p) {
  MATCH (p)-[e:{{servingEdgeTypes()}}]->(:Tenant)<-[:OWNS]-(c:Customer)
  WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
  RETURN c
  UNION
  MATCH (p)-[:SUPPLIES {state: 'ACTIVE'}]->(r:Partner)-[e:{{servingEdgeTypes()}}]->(:Tenant)<-[:OWNS]-(c:Customer)
  WHERE e.via = p.id AND coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, r)}}
  RETURN c
}
WITH key, c
ORDER BY c.name, c.id
// Collects the nodes and reads the properties of the page only: a reseller may serve thousands.
WITH key, collect(c) AS customers
RETURN key, size(customers) AS total,
       [c IN [c IN customers WHERE $afterName IS NULL OR c.name > $afterName
                                OR (c.name = $afterName AND c.id > $afterId)][..$limit] | c {.*}] AS page
