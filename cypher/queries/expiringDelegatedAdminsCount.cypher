// expiringDelegatedAdminsCount: how many ACTIVE GDAP relationships end between $from and $until
// (inclusive): totalCount of expiringDelegatedAdmins, read from the delegated_admin_expiry index.
// params: from: string, until: string
// row: total
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (p:Partner)-[g:DELEGATED_ADMIN]->(:Tenant)
USING INDEX g:DELEGATED_ADMIN(status, endsOn, relationshipId)
WHERE g.status = 'ACTIVE' AND g.relationshipId IS NOT NULL AND g.endsOn >= date($from) AND g.endsOn <= date($until)
  AND {{visibleEdge(g, p)}}
RETURN count(g) AS total
