import "reflect-metadata";
import { SCHEMA_FILE, writeSchemaFile } from "../schema";

/** `npm run schema`: writes schema/schema.graphql from the code. */
writeSchemaFile().then(
  () => console.log(`Wrote ${SCHEMA_FILE}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
