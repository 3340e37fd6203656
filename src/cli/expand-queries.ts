import { EXPANDED_DIR, writeExpandedQueries } from "../db/queries";

/** `npm run queries`: writes cypher/expanded from cypher/queries (a unit test fails when stale). */
const written = writeExpandedQueries();
console.log(`Wrote ${written} expanded queries to ${EXPANDED_DIR}`);
