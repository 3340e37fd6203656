// deleteEverything: removes every node and edge (tests, and resets of small graphs).
// params: none
// row: deleted
MATCH (n)
DETACH DELETE n
RETURN count(n) AS deleted
