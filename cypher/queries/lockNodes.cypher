// lockNodes: takes write locks on these partners, customers and tenants, in the given (sorted)
// order, so concurrent writers whose decisions read a shared node run one after the other.
// Setting and removing a marker property locks the node until the transaction ends and
// changes nothing.
// params: ids: string[] (sorted)
// row: locked
UNWIND $ids AS id
CALL (id) {
  OPTIONAL MATCH (p:Partner {id: id})
  OPTIONAL MATCH (c:Customer {id: id})
  OPTIONAL MATCH (t:Tenant {id: id})
  WITH coalesce(p, c, t) AS n
  WHERE n IS NOT NULL
  SET n._lock = true
  REMOVE n._lock
  RETURN n
}
RETURN count(n) AS locked
