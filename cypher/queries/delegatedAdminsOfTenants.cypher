// delegatedAdminsOfTenants: every GDAP relationship (DELEGATED_ADMIN) into each tenant; with
// $status only those in it.
// params: ids: string[] (tenant ids), status: string | null
// row: key (tenant id), admins (as delegatedAdminsOfCustomers), by partner name, id
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (owner)-[:OWNS]->(t:Tenant {id: key})<-[g:DELEGATED_ADMIN]-(p:Partner)
WHERE ($status IS NULL OR g.status = $status) AND {{visibleEdge(g, p)}}
OPTIONAL MATCH (via:Partner {id: g.via})
WHERE {{visiblePartner(via)}}
WITH key, owner, t, p, g, via ORDER BY p.name, p.id, g.relationshipId
RETURN key, collect({relationshipId: g.relationshipId, displayName: g.displayName, status: g.status, roles: g.roles,
         since: g.since, endsOn: g.endsOn, autoExtend: coalesce(g.autoExtend, false), viaId: g.via,
         partner: p {.*}, tenant: t {.*, ownerId: owner.id, ownerKind: CASE WHEN owner:Partner THEN 'Partner' ELSE 'Customer' END},
         via: via {.*}, ownerName: owner.name}) AS admins
