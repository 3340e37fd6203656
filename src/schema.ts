import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { PROJECT_ROOT } from "./config";
import { CustomerResolver } from "./resolvers/customer.resolver";
import {
  DelegatedAdminResolver,
  PartnerDelegatedAdminResolver,
  TenantDelegatedAdminResolver,
} from "./resolvers/delegated-admin.resolver";
import { PartnerResolver } from "./resolvers/partner.resolver";
import { PolicyResolver } from "./resolvers/policy.resolver";
import { TenantResolver } from "./resolvers/tenant.resolver";

export const SCHEMA_FILE = path.join(PROJECT_ROOT, "schema", "schema.graphql");

/** Builds the executable schema from the resolver classes (code-first). */
export async function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      PartnerResolver,
      CustomerResolver,
      TenantResolver,
      PolicyResolver,
      DelegatedAdminResolver,
      PartnerDelegatedAdminResolver,
      TenantDelegatedAdminResolver,
    ],
    // Inputs are checked by our own code, which names the field and the rule.
    validate: false,
    // No auth checker or global middleware: every @ObjectType sets `simpleResolvers`, so plain
    // fields resolve as graphql-js defaults instead of through a middleware wrapper each. A page
    // of a thousand customers resolves thousands of such fields.
  });
}

/** The SDL committed as schema/schema.graphql; a test fails when it drifts from the code. */
export function renderSchemaFile(schema: GraphQLSchema): string {
  return (
    "# Emitted by `npm run schema` from the type-graphql classes in src/. Do not edit by hand.\n\n" +
    printSchema(schema) +
    "\n"
  );
}

export async function writeSchemaFile(file: string = SCHEMA_FILE): Promise<void> {
  fs.writeFileSync(file, renderSchemaFile(await createSchema()));
}
