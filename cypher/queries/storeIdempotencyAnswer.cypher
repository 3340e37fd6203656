// storeIdempotencyAnswer: stores a write's answer under its idempotency key (claimed earlier in
// the same transaction), and deletes a few records that expired, so they never pile up.
// params: key: string, fingerprint: string, answer: string (JSON), now: int, expiresAt: int
// row: stored
MATCH (r:IdempotencyRecord {key: $key})
SET r.fingerprint = $fingerprint, r.answer = $answer, r.expiresAt = $expiresAt
WITH r
CALL () {
  MATCH (old:IdempotencyRecord)
  WHERE old.expiresAt < $now AND old.expiresAt > 0
  WITH old LIMIT 10
  DELETE old
}
RETURN 1 AS stored
