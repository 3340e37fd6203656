// tagServingEdges: rewrites the partner id and customer record that the serving edges into the
// given tenants, or into the tenants of the given customers, carry (tagServingEdge): after a
// tenant changed owner or a customer changed, and for databases written before edges carried them.
// params: tenantIds: string[], customerIds: string[]
// row: tagged (edges written)
CALL () {
  UNWIND $tenantIds AS id
  MATCH (t:Tenant {id: id})
  RETURN t
  UNION
  UNWIND $customerIds AS id
  MATCH (:Customer {id: id})-[:OWNS]->(t:Tenant)
  RETURN t
}
OPTIONAL MATCH (t)<-[:OWNS]-(owner:Customer)
MATCH (t)<-[r:{{servingEdgeTypes()}}]-(partner:Partner)
SET {{tagServingEdge(r, partner, owner)}}
RETURN count(r) AS tagged
