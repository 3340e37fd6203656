// Stored audit findings (src/services/findings.service.ts): one (:Finding) per stored edge and
// broken rule, in generations; the (:FindingsStamp {key: 'audit'}) names the one readers see.
CREATE CONSTRAINT findings_stamp_key IF NOT EXISTS FOR (s:FindingsStamp) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT finding_recheck_edge IF NOT EXISTS FOR (q:FindingRecheck) REQUIRE q.edgeId IS UNIQUE;
// policyAudit pages in audit order with keyset cursors: an ADMIN's page seeks the position
// index, a PARTNER's the findings of its own edges and of those naming it in `via`; a PARTNER's
// count is a count of index entries, an ADMIN's a sum of tallies. A write finds the findings it
// replaces by the edge's identity.
CREATE INDEX finding_position IF NOT EXISTS FOR (f:Finding) ON (f.generation, f.position);
CREATE INDEX finding_partner IF NOT EXISTS FOR (f:Finding) ON (f.generation, f.partnerId, f.position);
CREATE INDEX finding_via IF NOT EXISTS FOR (f:Finding) ON (f.generation, f.via, f.position);
CREATE INDEX finding_edge IF NOT EXISTS FOR (f:Finding) ON (f.generation, f.edgeId);
CREATE INDEX finding_dated IF NOT EXISTS FOR (f:Finding) ON (f.datedOn);
// An ADMIN's totalCount sums the generation's tallies (replaceFindings, insertFindings).
CREATE INDEX findings_tally IF NOT EXISTS FOR (t:FindingsTally) ON (t.generation, t.shard);
// What a write re-judges (src/policy/dependents.ts): the PROVISIONS naming a reseller of record,
// found without walking a busy provider's edges (the `via` indexes are in 002-indexes.cypher).
CREATE INDEX provisions_reseller_of_record IF NOT EXISTS FOR ()-[r:PROVISIONS]-() ON (r.resellerOfRecord);
// A GDAP relationship's namesakes (GDAP_UNIQUE_NAME), found without walking every relationship
// of its partner: the full re-audit judges each of a busy partner's thousands.
CREATE INDEX delegated_admin_display_name IF NOT EXISTS FOR ()-[r:DELEGATED_ADMIN]-() ON (r.displayName);
