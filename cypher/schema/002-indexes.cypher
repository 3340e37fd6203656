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
// A partner's customers in (name, id) order, a page at a time (Partner.customers): every serving
// edge carries its partner's id and the record of the customer owning its tenant (null for a
// partner's own tenant), written with the edge and kept right when the tenant changes owner or
// the customer changes (the tagServingEdge macro in src/db/queries.ts). A seek on these indexes
// reads a page in order, and the customers' records from the index itself, and stops; walking
// edge -> tenant -> owner sorted every customer a reseller serves (thousands) for each page.
// One index per type: a range index covers one relationship type.
CREATE INDEX resells_for_by_customer IF NOT EXISTS FOR ()-[r:RESELLS_FOR]-() ON (r.partnerId, r.customerName, r.customerId, r.customerCloud, r.customerCountry);
CREATE INDEX serves_workload_by_customer IF NOT EXISTS FOR ()-[r:SERVES_WORKLOAD]-() ON (r.partnerId, r.customerName, r.customerId, r.customerCloud, r.customerCountry);
CREATE INDEX provisions_by_customer IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.partnerId, r.customerName, r.customerId, r.customerCloud, r.customerCountry);
// Expired idempotency answers are found by their expiry and deleted a few at a time.
CREATE INDEX idempotency_expiry IF NOT EXISTS FOR (r:IdempotencyRecord) ON (r.expiresAt);
// GDAP relationships (DELEGATED_ADMIN): found by their Graph id for DUPLICATE (edgeFacts), a TEXT
// index for the same reason as provisions_subscription_text (the merges expand from their ends).
CREATE TEXT INDEX delegated_admin_relationship_text IF NOT EXISTS FOR ()-[r:DELEGATED_ADMIN]-() ON (r.relationshipId);
// ACTIVE relationships by end date, then id: expiringDelegatedAdmins pages through them soonest
// first with keyset cursors, and the Prometheus gauges and its totalCount count a date range.
CREATE INDEX delegated_admin_expiry IF NOT EXISTS FOR ()-[r:DELEGATED_ADMIN]-() ON (r.status, r.endsOn, r.relationshipId);
// What a write re-judges (src/policy/dependents.ts): the edges naming a partner in `via`, one
// index per type that may carry it ({{edgesNamingInVia}}), found without walking a busy
// provider's edges.
CREATE INDEX resells_for_via IF NOT EXISTS FOR ()-[r:RESELLS_FOR]-() ON (r.via);
CREATE INDEX serves_workload_via IF NOT EXISTS FOR ()-[r:SERVES_WORKLOAD]-() ON (r.via);
CREATE INDEX provisions_via IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.via);
CREATE INDEX delegated_admin_via IF NOT EXISTS FOR ()-[r:DELEGATED_ADMIN]-() ON (r.via);
