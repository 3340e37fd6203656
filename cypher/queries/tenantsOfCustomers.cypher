// tenantsOfCustomers: the tenants each customer owns.
// params: ids: string[] (customer ids)
// row: key (customer id), tenants (list, in domain order); no row for a customer without tenants
UNWIND $ids AS key
MATCH (:Customer {id: key})-[:OWNS]->(t:Tenant)
WITH key, t ORDER BY t.domain, t.id
RETURN key, collect(t {.*, ownerId: key, ownerKind: 'Customer'}) AS tenants
