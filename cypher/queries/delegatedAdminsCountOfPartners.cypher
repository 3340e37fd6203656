// delegatedAdminsCountOfPartners: how many GDAP relationships each partner holds (totalCount of
// Partner.delegatedAdmins); with $status only those in it.
// params: ids: string[] (partner ids), status: string | null
// row: key (partner id), total
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
OPTIONAL MATCH (p:Partner {id: key})-[g:DELEGATED_ADMIN]->(:Tenant)
WHERE ($status IS NULL OR g.status = $status) AND {{visibleEdge(g, p)}}
RETURN key, count(g) AS total
