// Keyset pagination and name-prefix filters: partners and customers are listed by name, then id.
CREATE INDEX partner_name IF NOT EXISTS FOR (p:Partner) ON (p.name);
CREATE INDEX customer_name IF NOT EXISTS FOR (c:Customer) ON (c.name);
// A subscription is found by id when a licence moves between partners (LICENSE_TERM_LOCK).
CREATE INDEX provisions_subscription IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.subscriptionId);
