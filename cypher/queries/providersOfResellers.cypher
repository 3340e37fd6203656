// providersOfResellers: the partners that SUPPLY each reseller, with the edge in the given state.
// params: ids: string[] (reseller ids), state: string
// row: key (reseller id), partners (list, in name order); no row when there are none
// scope: $scope (set by src/db for every statement) limits rows to what a PARTNER may see
UNWIND $ids AS key
MATCH (:Partner {id: key})<-[s:SUPPLIES]-(provider:Partner)
WHERE s.state = $state AND {{visiblePartner(provider)}}
WITH key, provider ORDER BY provider.name, provider.id
RETURN key, collect(provider {.*}) AS partners
