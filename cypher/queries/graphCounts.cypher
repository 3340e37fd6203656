// graphCounts: how many nodes, OWNS edges and policy edges the graph holds (read from the count
// store). The stored audit findings and their stamp are bookkeeping, not nodes of the channel.
// params: none
// row: nodes, owns, policyEdges
CALL () { MATCH (n) RETURN count(n) AS everything }
CALL () { MATCH (f:Finding) RETURN count(f) AS findings }
CALL () { MATCH (s:FindingsStamp) RETURN count(s) AS stamps }
CALL () { MATCH (q:FindingRecheck) RETURN count(q) AS rechecks }
CALL () { MATCH ()-[o:OWNS]->() RETURN count(o) AS owns }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN everything - findings - stamps - rechecks AS nodes, owns, relationships - owns AS policyEdges
