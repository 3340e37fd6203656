// claimIdempotencyKey: locks an idempotency key for the rest of the write transaction (a retry
// of the same request waits here for the first to end) and returns what it already answered:
// fingerprint and answer of an unexpired record, nulls for a key not used (or expired). The
// record made here for a new key is filled in by storeIdempotencyAnswer in the same transaction,
// or rolled back with it.
// params: key: string (hashed), now: int (epoch ms)
// row: fingerprint, answer
MERGE (r:IdempotencyRecord {key: $key})
ON CREATE SET r.expiresAt = 0
SET r._lock = true
REMOVE r._lock
RETURN CASE WHEN r.expiresAt > $now THEN r.fingerprint END AS fingerprint,
       CASE WHEN r.expiresAt > $now THEN r.answer END AS answer
