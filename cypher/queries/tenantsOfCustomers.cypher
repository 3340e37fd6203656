// tenantsOfCustomers: the tenants each customer owns.
// params: ids: string[] (customer ids)
// row: key (customer id), tenants (list, in domain order); no row for a customer without tenants
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Customer {id: key})-[:OWNS]->(t:Tenant)
WHERE {{visibleTenant(t)}}
WITH key, t ORDER BY t.domain, t.id
RETURN key, collect(t {.*, ownerId: key, ownerKind: 'Customer'}) AS tenants
