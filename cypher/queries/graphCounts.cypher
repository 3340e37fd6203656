// graphCounts: how many nodes, OWNS edges and policy edges the graph holds (read from the count store).
// params: none
// row: nodes, owns, policyEdges
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[o:OWNS]->() RETURN count(o) AS owns }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, owns, relationships - owns AS policyEdges
