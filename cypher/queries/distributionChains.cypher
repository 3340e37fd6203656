// distributionChains: every chain that ends at one of the customer's tenants: a path of ACTIVE
// SUPPLIES edges from a partner nothing ACTIVE-supplies, then one serving edge into the tenant
// (RESELLS_FOR not REMOVED, SERVES_WORKLOAD, PROVISIONS). When that edge has `via`, the path's
// last SUPPLIES comes from that provider. At most $maxHops edges in all (10 at most, by the API).
// params: customerId: string, maxHops: int
// row: one row: chains (list of { partnerIds (upstream first), tenantId, hops: list of
//      { type, from, to } }), partners and tenants (each one the chains name, once)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see: chains
//        whose last hop and tenant it may see
MATCH (:Customer {id: $customerId})-[:OWNS]->(t:Tenant)<-[e:{{servingEdgeTypes()}}]-(p:Partner)
WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED'
MATCH path = (top:Partner)-[:SUPPLIES*0..9]->(p)
WHERE length(path) < $maxHops
  AND all(s IN relationships(path) WHERE s.state = 'ACTIVE')
  AND NOT EXISTS { (:Partner)-[s:SUPPLIES {state: 'ACTIVE'}]->(top) }
  AND (e.via IS NULL OR (length(path) > 0 AND nodes(path)[-2].id = e.via))
  // A PARTNER sees a chain only through a last hop it may see (its own edge, or one naming it in
  // `via`) into a tenant it may see: an upstream SUPPLIES of its own does not show a reseller's
  // edge that does not name it, nor a tenant it does not serve.
  AND {{visibleEdge(e, p)}} AND {{visibleTenant(t)}}
WITH t, e, path ORDER BY t.domain, [n IN nodes(path) | n.name], type(e), e.workload, e.subscriptionId
// Each partner and tenant once, the chains naming them by id (src/db/mappers.ts joins them): the
// providers at the top of a customer's chains are the same few, chain after chain.
WITH collect({
       partnerIds: [n IN nodes(path) | n.id], tenantId: t.id,
       hops: [s IN relationships(path) | {type: type(s), from: startNode(s).id, to: endNode(s).id}]
         + [{type: type(e), from: startNode(e).id, to: t.id}]
     }) AS chains,
     collect(nodes(path)) AS paths,
     collect(DISTINCT t) AS tenants
RETURN chains,
       COLLECT { UNWIND paths AS partners UNWIND partners AS p RETURN DISTINCT p {.*} } AS partners,
       [t IN tenants | t {.*, ownerId: $customerId, ownerKind: 'Customer'}] AS tenants
