// customersCountAll: how many customers there are (totalCount without filters; read from the count store).
// params: none
// row: total
MATCH (c:Customer)
RETURN count(c) AS total
