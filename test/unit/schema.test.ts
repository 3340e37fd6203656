import fs from "node:fs";
import { SCHEMA_FILE, createSchema, renderSchemaFile } from "../../src/schema";

describe("schema/schema.graphql", () => {
  it("matches what the code emits (run `npm run schema` after changing a type)", async () => {
    const emitted = renderSchemaFile(await createSchema());
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(emitted);
  });
});
