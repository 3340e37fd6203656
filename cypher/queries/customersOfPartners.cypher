// customersOfPartners: one page of the customers each partner serves directly (a serving edge
// into one of the customer's tenants), in (name, id) order after a keyset position.
// params: ids: string[] (partner ids), afterName: string | null, afterId: string | null, limit: int
// row: key (partner id), page (at most $limit customers); customersCountOfPartners counts them
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
//
// Each edge type's index (cypher/schema, *_by_customer) yields the partner's edges in customer
// order, with the customer's record: each branch reads until it has $limit distinct customers
// and stops, so a page costs the same for a partner with ten customers or ten thousand, and no
// Customer node is read. The first $limit of the three branches together are the page. The
// USING INDEX hints are needed: without them the planner starts from the Partner label and sorts.
UNWIND $ids AS key
CALL (key) {
  CALL (key) {
    MATCH (p)-[e:RESELLS_FOR]->()
    USING INDEX e:RESELLS_FOR(partnerId, customerName, customerId, customerCloud, customerCountry)
    WHERE e.partnerId = key AND e.customerName >= coalesce($afterName, '')
      AND e.customerId IS NOT NULL AND e.customerCloud IS NOT NULL AND e.customerCountry IS NOT NULL
    WITH p, e ORDER BY e.partnerId, e.customerName, e.customerId
    WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
    WITH DISTINCT e.customerName AS name, e.customerId AS id, e.customerCloud AS cloud,
         e.customerCountry AS country
    WHERE $afterName IS NULL OR name > $afterName OR (name = $afterName AND id > $afterId)
    RETURN name, id, cloud, country LIMIT $limit
    UNION
    MATCH (p)-[e:SERVES_WORKLOAD]->()
    USING INDEX e:SERVES_WORKLOAD(partnerId, customerName, customerId, customerCloud, customerCountry)
    WHERE e.partnerId = key AND e.customerName >= coalesce($afterName, '')
      AND e.customerId IS NOT NULL AND e.customerCloud IS NOT NULL AND e.customerCountry IS NOT NULL
    WITH p, e ORDER BY e.partnerId, e.customerName, e.customerId
    WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
    WITH DISTINCT e.customerName AS name, e.customerId AS id, e.customerCloud AS cloud,
         e.customerCountry AS country
    WHERE $afterName IS NULL OR name > $afterName OR (name = $afterName AND id > $afterId)
    RETURN name, id, cloud, country LIMIT $limit
    UNION
    MATCH (p)-[e:PROVISIONS]->()
    USING INDEX e:PROVISIONS(partnerId, customerName, customerId, customerCloud, customerCountry)
    WHERE e.partnerId = key AND e.customerName >= coalesce($afterName, '')
      AND e.customerId IS NOT NULL AND e.customerCloud IS NOT NULL AND e.customerCountry IS NOT NULL
    WITH p, e ORDER BY e.partnerId, e.customerName, e.customerId
    WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
    WITH DISTINCT e.customerName AS name, e.customerId AS id, e.customerCloud AS cloud,
         e.customerCountry AS country
    WHERE $afterName IS NULL OR name > $afterName OR (name = $afterName AND id > $afterId)
    RETURN name, id, cloud, country LIMIT $limit
  }
  WITH name, id, cloud, country ORDER BY name, id LIMIT $limit
  RETURN collect({id: id, name: name, cloud: cloud, country: country}) AS page
}
RETURN key, page
