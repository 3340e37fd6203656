// staleDelegatedAdminsCount: how many relationships staleDelegatedAdmins returns, counted in the
// same index without reading them. GDAP_EXPIRED, the one read-time rule (test/unit/dependents
// says so), finds each of them once, so an audit count adds this instead of judging every
// expired relationship on each read (1,748 of them took 50–60 ms at 1,000,000 customers).
// params: today: string (YYYY-MM-DD)
// row: total
// scope: $scope (set by src/db for every statement) limits the count to what a PARTNER may see
MATCH (p:Partner)-[g:DELEGATED_ADMIN]->(:Tenant)
USING INDEX g:DELEGATED_ADMIN(status, endsOn, relationshipId)
WHERE {{expiredDelegatedAdmin(g)}}
  AND {{visibleEdge(g, p)}}
RETURN count(g) AS total
