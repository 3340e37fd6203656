// gdapExpiryCounts: for the Prometheus gauges, the ACTIVE GDAP relationships ending between $from
// and each of $until7 and $until30 (inclusive), and how many of those include Global
// Administrator ($globalAdmin); read from the delegated_admin_expiry index.
// params: from: string, until7: string, until30: string, globalAdmin: string
// row: within7, within30, globalAdminWithin7, globalAdminWithin30
MATCH ()-[g:DELEGATED_ADMIN]->()
USING INDEX g:DELEGATED_ADMIN(status, endsOn, relationshipId)
WHERE g.status = 'ACTIVE' AND g.relationshipId IS NOT NULL AND g.endsOn >= date($from) AND g.endsOn <= date($until30)
WITH g.endsOn <= date($until7) AS soon, $globalAdmin IN g.roles AS globalAdmin
RETURN count(CASE WHEN soon THEN 1 END) AS within7,
       count(*) AS within30,
       count(CASE WHEN soon AND globalAdmin THEN 1 END) AS globalAdminWithin7,
       count(CASE WHEN globalAdmin THEN 1 END) AS globalAdminWithin30
