// customersCountAll: how many customers there are (totalCount without filters; read from the count store).
// params: none (never used for a PARTNER principal: the count store cannot apply its scope)
// row: total
MATCH (c:Customer)
RETURN count(c) AS total
