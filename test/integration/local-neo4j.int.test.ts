import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startApp } from "../../src/app";
import type { RunningApp } from "../../src/app";
import { startLocalNeo4j } from "../../src/db/local-neo4j";
import type { LocalNeo4j } from "../../src/db/local-neo4j";
import { testConfig } from "../support/harness";

describe("the local Neo4j", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-local-"));
  let local: LocalNeo4j;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    local = await startLocalNeo4j({ dir, heapMb: 512, pagecacheMb: 64 });
  });

  afterAll(async () => {
    await app?.stop();
    await local.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers Bolt on 127.0.0.1", () => {
    expect(local.owned).toBe(true);
    expect(local.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
  });

  it("is reused, not started twice, by a second start on the same folder", async () => {
    const second = await startLocalNeo4j({ dir, heapMb: 512, pagecacheMb: 64 });
    expect(second.owned).toBe(false);
    expect(second.uri).toBe(local.uri);
    await second.stop(); // a no-op for a reused database
    expect(fs.existsSync(path.join(dir, "bolt.uri"))).toBe(true);
  });

  it("makes /health say 503 and queries fail with DATABASE_UNAVAILABLE once it is gone", async () => {
    const base = testConfig();
    app = await startApp(
      {
        ...base,
        demoData: true,
        database: {
          kind: "remote",
          uri: local.uri,
          user: "neo4j",
          password: "",
          database: "neo4j",
        },
      },
      () => undefined,
    );
    const health = app.url.replace("/graphql", "/health");
    expect((await fetch(health)).status).toBe(200);

    await local.stop();
    expect(fs.existsSync(path.join(dir, "bolt.uri"))).toBe(false);

    expect((await fetch(health)).status).toBe(503);
    const response = await fetch(app.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: '{ partner(id: "P-100") { id } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe("DATABASE_UNAVAILABLE");
  });
});
