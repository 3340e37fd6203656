// existingIds: which of these ids name a partner, customer or tenant already in the graph (an
// import may refer to nodes it does not carry itself).
// params: ids: string[]
// row: id, kind ('Partner' | 'Customer' | 'Tenant'); no row for an id the graph lacks
UNWIND $ids AS id
CALL (id) {
  MATCH (p:Partner {id: id}) RETURN 'Partner' AS kind
  UNION
  MATCH (c:Customer {id: id}) RETURN 'Customer' AS kind
  UNION
  MATCH (t:Tenant {id: id}) RETURN 'Tenant' AS kind
}
RETURN id, kind
