// lockNodes: takes the write locks of one write's decision (src/policy/locks.ts): the partners,
// customers and tenants `ids`, then the named `keys` (each a (:WriteLock {key}) node, made on
// first use; the uniqueness constraint makes two first users meet on one node), each list in
// the given sorted order, so concurrent writers whose decisions read a shared thing run one
// after the other and never wait for each other in a cycle. Setting and removing a marker
// property locks a node until the transaction ends and changes nothing.
// params: ids: string[] (sorted), keys: string[] (sorted)
// row: locked
CALL () {
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
  RETURN count(n) AS nodes
}
CALL () {
  UNWIND $keys AS key
  CALL (key) {
    MERGE (k:WriteLock {key: key})
    SET k._lock = true
    REMOVE k._lock
    RETURN k
  }
  RETURN count(k) AS keys
}
RETURN nodes + keys AS locked
