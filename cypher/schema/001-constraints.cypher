// Node keys: one node per id. Each constraint also gives the index that every lookup by id starts from.
CREATE CONSTRAINT partner_id IF NOT EXISTS FOR (p:Partner) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT tenant_id IF NOT EXISTS FOR (t:Tenant) REQUIRE t.id IS UNIQUE;
