// Keyset pagination and name-prefix filters: partners and customers are listed by name, then id.
CREATE INDEX partner_name IF NOT EXISTS FOR (p:Partner) ON (p.name);
CREATE INDEX customer_name IF NOT EXISTS FOR (c:Customer) ON (c.name);
// A subscription is found by id when a licence moves between partners (LICENSE_TERM_LOCK:
// edgeFacts looks it up with toString(...), which this index serves). A TEXT index rather than a
// range index: the planner uses a text index only for values it knows are strings, so the edge
// merges (mergeProvisions, a MERGE keyed by subscriptionId between two bound nodes) always
// expand from their ends. With a range index, a merge planned while the graph held no PROVISIONS
// seeked this index for every row, and the first import batches into tenants took about 25 s
// longer until Neo4j replanned. Databases made before the change drop the range index here.
DROP INDEX provisions_subscription IF EXISTS;
CREATE TEXT INDEX provisions_subscription_text IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.subscriptionId);
