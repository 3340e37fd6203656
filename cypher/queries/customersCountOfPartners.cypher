// customersCountOfPartners: how many customers each partner serves directly (totalCount of
// Partner.customers): the customers customersOfPartners pages through.
// params: ids: string[] (partner ids)
// row: key (partner id), total
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
OPTIONAL MATCH (p:Partner {id: key})-[e:{{servingEdgeTypes()}}]->(:Tenant)
WHERE e.customerId IS NOT NULL AND coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND {{visibleEdge(e, p)}}
RETURN key, count(DISTINCT e.customerId) AS total
