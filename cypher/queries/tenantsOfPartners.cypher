// tenantsOfPartners: the tenants each partner owns (its CSP tenant and any corporate ones).
// params: ids: string[] (partner ids)
// row: key (partner id), tenants (list, in domain order); no row for a partner without tenants
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Partner {id: key})-[:OWNS]->(t:Tenant)
WHERE {{visibleTenant(t)}}
WITH key, t ORDER BY t.domain, t.id
RETURN key, collect(t {.*, ownerId: key, ownerKind: 'Partner'}) AS tenants
