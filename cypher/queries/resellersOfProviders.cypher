// resellersOfProviders: the partners each provider SUPPLIES, with the edge in the given state.
// params: ids: string[] (provider ids), state: string
// row: key (provider id), partners (list, in name order); no row when there are none
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Partner {id: key})-[s:SUPPLIES]->(reseller:Partner)
WHERE s.state = $state AND {{visiblePartner(reseller)}}
WITH key, reseller ORDER BY reseller.name, reseller.id
RETURN key, collect(reseller {.*}) AS partners
