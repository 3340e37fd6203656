// delegatedAdminsOfCustomers: every GDAP relationship (DELEGATED_ADMIN) into each customer's
// tenants; with $role only those granting that Entra role, with $status only those in it.
// params: ids: string[] (customer ids), role: string | null (lower-case GUID), status: string | null
// row: key (customer id), admins (list of { relationshipId, displayName, status, roles, since,
//      endsOn, autoExtend, viaId, partner, tenant, via }), by tenant domain, partner name, id
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see: the
//        relationships it holds or that name it in `via`
UNWIND $ids AS key
MATCH (owner:Customer {id: key})-[:OWNS]->(t:Tenant)<-[g:DELEGATED_ADMIN]-(p:Partner)
WHERE ($status IS NULL OR g.status = $status) AND ($role IS NULL OR $role IN g.roles)
  AND {{visibleEdge(g, p)}}
// The provider named in `via`, with the same visibility as partnersByIds.
OPTIONAL MATCH (via:Partner {id: g.via})
WHERE {{visiblePartner(via)}}
WITH key, owner, t, p, g, via ORDER BY t.domain, p.name, p.id, g.relationshipId
RETURN key, collect({relationshipId: g.relationshipId, displayName: g.displayName, status: g.status, roles: g.roles,
         since: g.since, endsOn: g.endsOn, autoExtend: coalesce(g.autoExtend, false), viaId: g.via,
         partner: p {.*}, tenant: t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END},
         via: via {.*}, ownerName: owner.name}) AS admins
