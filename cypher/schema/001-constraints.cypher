// Node keys: one node per id. Each constraint also gives the index that every lookup by id starts from.
CREATE CONSTRAINT partner_id IF NOT EXISTS FOR (p:Partner) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT tenant_id IF NOT EXISTS FOR (t:Tenant) REQUIRE t.id IS UNIQUE;
// Write locks on things that are not nodes of the domain (a SUPPLIES pair, a subscription id:
// src/policy/locks.ts), and the answers stored under idempotency keys: one node per key, so two
// writers that make the same key at once meet on one node instead of making two.
CREATE CONSTRAINT write_lock_key IF NOT EXISTS FOR (k:WriteLock) REQUIRE k.key IS UNIQUE;
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (r:IdempotencyRecord) REQUIRE r.key IS UNIQUE;
