// staleDelegatedAdmins: the ACTIVE GDAP relationships whose endsOn lies before $today, from the
// delegated_admin_expiry index: the candidates of the audit-only rules, judged when the audit
// is read (their findings change with the date alone, so they are never stored).
// params: today: string (YYYY-MM-DD)
// row: edge (as storedEdgesOfPartners has it), in (partner, tenant, relationshipId) order
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (p:Partner)-[g:DELEGATED_ADMIN]->(t:Tenant)
USING INDEX g:DELEGATED_ADMIN(status, endsOn, relationshipId)
WHERE {{expiredDelegatedAdmin(g)}}
  AND {{visibleEdge(g, p)}}
WITH p, g, t ORDER BY p.id, t.id, g.relationshipId
RETURN g {type: 'DELEGATED_ADMIN', from: p.id, to: t.id, .state, .via, .relationshipId, .displayName,
          .status, .roles, .autoExtend, since: toString(g.since), endsOn: toString(g.endsOn)} AS edge
