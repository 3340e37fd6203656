// storedEdgeFacts: the stored edges a write may have changed the judgement of (or a chunk of
// partners' edges, for the full re-audit), with the facts the CSP rules read to judge them
// (src/policy/facts.ts), gathered by expanding from each edge rather than looking its ends up by
// id. Each selector list is one branch, an index seek or a short expansion from a node found by
// id (src/policy/dependents.ts says which write selects what). Only gathers facts: the rules
// live in src/policy. Facts that no stored rule reads (duplicate, otherWorkloadPartners,
// toTenantCustomer) are left out.
// params: types: string[] (the policy edge types),
//         edges: { type, from, to, workload, subscriptionId, relationshipId }[],
//         fromPartners, intoPartners, viaPartners, rorPartners, intoTenants, customerTenants,
//         subscriptions: string[],
//         fromVia: { from, via }[], fromRor: { from, ror }[], fromInto: { from, to }[],
//         sameName: { from, relationshipId }[],
//         holders: bool, sameNames: bool (whether the rules judged read subscriptionHolders,
//         sameNameRelationships: each is an index seek per edge, left out when no rule reads it)
// row: one: edges ([from, edge (edgeColumns), tenant ([id, domain, purpose, cloud, country,
//      ownerId]) | null, viaSuppliesState, resellerOfRecordSuppliesState, relationshipState,
//      subscriptionHolders, sameNameRelationships][]), partners (every partner an edge names:
//      its ends, via, resellerOfRecord)
// scope: not applied: findings are judged for everyone, and their reads apply the scope
CALL () {
  // Both ends found by id, then the edges between them: expanding a busy provider's thousands
  // of edges to find the one into `to` cost every write on it about 27,000 db hits.
  UNWIND $edges AS e
  MATCH (from:Partner {id: e.from})
  {{edgeEnd(end, e.to)}}
  MATCH (from)-[r]->(end)
  WHERE type(r) = e.type AND {{keyMatches(r, e.type, e.)}}
  RETURN r
  UNION
  UNWIND $fromPartners AS id
  MATCH (:Partner {id: id})-[r]->()
  WHERE type(r) IN $types
  RETURN r
  UNION
  UNWIND $intoPartners AS id
  MATCH (:Partner {id: id})<-[r:SUPPLIES]-(:Partner)
  RETURN r
  UNION
  UNWIND $viaPartners AS id
  CALL (id) {
    {{edgesNamingInVia(id)}}
  }
  RETURN r
  UNION
  UNWIND $rorPartners AS id
  MATCH ()-[r:PROVISIONS {resellerOfRecord: id}]->()
  USING INDEX SEEK r:PROVISIONS(resellerOfRecord)
  RETURN r
  UNION
  UNWIND $intoTenants AS id
  MATCH (:Tenant {id: id})<-[r]-(:Partner)
  WHERE type(r) IN $types
  RETURN r
  UNION
  UNWIND $customerTenants AS id
  MATCH (:Customer {id: id})-[:OWNS]->(:Tenant)<-[r]-(:Partner)
  WHERE type(r) IN $types
  RETURN r
  UNION
  // From the reseller: its edges are fewer than those naming its provider in `via`.
  UNWIND $fromVia AS pair
  MATCH (:Partner {id: pair.from})-[r]->()
  WHERE type(r) IN $types AND r.via = pair.via
  RETURN r
  UNION
  // From the reseller of record's index entries: a busy provider has far more PROVISIONS.
  UNWIND $fromRor AS pair
  MATCH (provider:Partner)-[r:PROVISIONS]->()
  USING INDEX SEEK r:PROVISIONS(resellerOfRecord)
  WHERE r.resellerOfRecord = pair.ror AND provider.id = pair.from
  RETURN r
  UNION
  UNWIND $fromInto AS pair
  MATCH (:Partner {id: pair.from})-[r]->(:Tenant {id: pair.to})
  WHERE type(r) IN $types
  RETURN r
  UNION
  // Not the '' that pads an empty list: a TEXT index seek for '' reads every entry of the index
  // (1.6 s at 1,000,000 customers, in every write that selects no subscription). Filtered in the
  // list: a WHERE after the UNWIND is planned after the seek.
  UNWIND [id IN $subscriptions WHERE id <> ''] AS id
  MATCH ()-[r:PROVISIONS {subscriptionId: toString(id)}]->()
  USING TEXT INDEX SEEK r:PROVISIONS(subscriptionId)
  RETURN r
  UNION
  UNWIND $sameName AS pair
  MATCH (p:Partner {id: pair.from})-[named:DELEGATED_ADMIN]->()
  USING INDEX p:Partner(id)
  WHERE named.relationshipId = pair.relationshipId
  MATCH (p)-[r:DELEGATED_ADMIN]->()
  WHERE r.displayName = named.displayName
  RETURN r
}
WITH DISTINCT r
WITH r, startNode(r) AS p, endNode(r) AS end
OPTIONAL MATCH (end)<-[:OWNS]-(owner)
WHERE end:Tenant
// The partners `via` and resellerOfRecord name, found by id, then the SUPPLIES between them and
// the edge's partner: expanding a busy provider's SUPPLIES for each of its edges instead read
// every one of its resellers per edge.
OPTIONAL MATCH (via:Partner {id: r.via})
OPTIONAL MATCH (via)-[viaSupplies:SUPPLIES]->(p)
OPTIONAL MATCH (ror:Partner {id: r.resellerOfRecord})
OPTIONAL MATCH (p)-[rorSupplies:SUPPLIES]->(ror)
OPTIONAL MATCH (p)-[relationship:RESELLS_FOR]->(end)
WHERE end:Tenant
WITH r, p, end, owner, viaSupplies, rorSupplies, relationship,
     CASE WHEN $holders AND type(r) = 'PROVISIONS'
       // Every holder, the edge itself included, in one order (LICENSE_TERM_LOCK's message lists them).
       THEN COLLECT { MATCH (holder:Partner)-[held:PROVISIONS {subscriptionId: toString(r.subscriptionId)}]->(heldIn:Tenant)
                      USING TEXT INDEX SEEK held:PROVISIONS(subscriptionId)
                      WITH holder, held, heldIn ORDER BY holder.id, heldIn.id
                      RETURN {partnerId: holder.id, tenantId: heldIn.id, billing: held.billing, termEnd: toString(held.termEnd)} }
       ELSE [] END AS subscriptionHolders,
     CASE WHEN $sameNames AND type(r) = 'DELEGATED_ADMIN' AND r.displayName IS NOT NULL
       // From the name's index entries: a busy partner has thousands of relationships.
       THEN COLLECT { MATCH (namer:Partner)-[named:DELEGATED_ADMIN]->()
                      USING INDEX SEEK named:DELEGATED_ADMIN(displayName)
                      WHERE named.displayName = r.displayName AND namer = p
                        AND named.status <> 'TERMINATED' AND named.relationshipId <> r.relationshipId
                      RETURN named.relationshipId ORDER BY named.relationshipId }
       ELSE [] END AS sameNameRelationships
// Each edge as a list, its properties as edgeColumns lists them: decoding the keys of a map per
// edge and per tenant was half this statement's time for a reseller's thousand edges.
WITH collect([
       p.id,
       {{edgeColumns(r, end)}},
       CASE WHEN end:Tenant THEN [end.id, end.domain, end.purpose, end.cloud, end.country, owner.id] END,
       viaSupplies.state,
       rorSupplies.state,
       relationship.state,
       subscriptionHolders,
       sameNameRelationships
     ]) AS edges,
     collect(DISTINCT p.id) + collect(DISTINCT CASE WHEN end:Partner THEN end.id END)
       + collect(DISTINCT r.via) + collect(DISTINCT r.resellerOfRecord) AS partnerIds
RETURN edges,
       COLLECT { UNWIND partnerIds AS id MATCH (x:Partner {id: id}) RETURN DISTINCT x {.*} } AS partners
