// Keyset pagination and filters: partners and customers are listed by name, then id.
CREATE INDEX partner_name_id IF NOT EXISTS FOR (p:Partner) ON (p.name, p.id);
CREATE INDEX partner_role IF NOT EXISTS FOR (p:Partner) ON (p.role);
CREATE INDEX customer_name_id IF NOT EXISTS FOR (c:Customer) ON (c.name, c.id);
// A subscription is found by id when a licence moves between partners (LICENSE_TERM_LOCK).
CREATE INDEX provisions_subscription IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.subscriptionId);
