// partnersCountAll: how many partners there are (totalCount without filters; read from the count store).
// params: none
// row: total
MATCH (p:Partner)
RETURN count(p) AS total
