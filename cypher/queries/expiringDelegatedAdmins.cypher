// expiringDelegatedAdmins: one page of the ACTIVE GDAP relationships whose endsOn lies between
// $from and $until (inclusive), soonest first, then by relationshipId, after a keyset position.
// The delegated_admin_expiry index (status, endsOn, relationshipId) yields them in that order,
// so a page reads $limit edges however many relationships the graph holds.
// params: from: string (today, YYYY-MM-DD), until: string, afterEndsOn: string | null,
//         afterId: string | null, limit: int
// row: admin (as delegatedAdminsOfCustomers's admins), one row per relationship, in order
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
MATCH (p:Partner)-[g:DELEGATED_ADMIN]->(t:Tenant)
USING INDEX g:DELEGATED_ADMIN(status, endsOn, relationshipId)
WHERE g.status = 'ACTIVE' AND g.relationshipId IS NOT NULL
  AND g.endsOn >= date(coalesce($afterEndsOn, $from)) AND g.endsOn <= date($until)
  AND ($afterEndsOn IS NULL OR g.endsOn > date($afterEndsOn) OR g.relationshipId > $afterId)
  AND {{visibleEdge(g, p)}}
WITH p, g, t ORDER BY g.status, g.endsOn, g.relationshipId LIMIT $limit
MATCH (t)<-[:OWNS]-(owner)
OPTIONAL MATCH (via:Partner {id: g.via})
WHERE {{visiblePartner(via)}}
RETURN {relationshipId: g.relationshipId, displayName: g.displayName, status: g.status, roles: g.roles,
         since: g.since, endsOn: g.endsOn, autoExtend: coalesce(g.autoExtend, false), viaId: g.via,
         partner: p {.*}, tenant: t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END},
         via: via {.*}, ownerName: owner.name} AS admin
