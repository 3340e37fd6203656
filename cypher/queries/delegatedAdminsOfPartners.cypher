// delegatedAdminsOfPartners: one page of the GDAP relationships each partner holds, in
// (displayName, relationshipId) order after a keyset position; with $status only those in it.
// params: ids: string[] (partner ids), status: string | null, afterName: string | null,
//         afterId: string | null, limit: int
// row: key (partner id), page (at most $limit, as delegatedAdminsOfCustomers's admins)
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
CALL (key) {
  MATCH (p:Partner {id: key})-[g:DELEGATED_ADMIN]->(t:Tenant)
  WHERE ($status IS NULL OR g.status = $status) AND {{visibleEdge(g, p)}}
    AND ($afterName IS NULL OR g.displayName > $afterName
         OR (g.displayName = $afterName AND g.relationshipId > $afterId))
  WITH p, g, t ORDER BY g.displayName, g.relationshipId LIMIT $limit
  MATCH (t)<-[:OWNS]-(owner)
  OPTIONAL MATCH (via:Partner {id: g.via})
  WHERE {{visiblePartner(via)}}
  RETURN collect({relationshipId: g.relationshipId, displayName: g.displayName, status: g.status, roles: g.roles,
         since: g.since, endsOn: g.endsOn, autoExtend: coalesce(g.autoExtend, false), viaId: g.via,
         partner: p {.*}, tenant: t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END},
         via: via {.*}, ownerName: owner.name}) AS page
}
RETURN key, page
