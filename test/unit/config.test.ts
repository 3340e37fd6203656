import path from "node:path";
import { ConfigError, PROJECT_ROOT, loadConfig } from "../../src/config";

describe("loadConfig", () => {
  it("defaults to port 4000, demo data and the local Neo4j in the project's .local folder", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.demoData).toBe(true);
    expect(config.database).toEqual({
      kind: "local",
      dir: path.join(PROJECT_ROOT, ".local", "neo4j"),
      database: "neo4j",
      heapMb: 1024,
      pagecacheMb: 1024,
    });
  });

  it("uses a remote Neo4j with its credentials when NEO4J_URI is set", () => {
    const config = loadConfig({
      NEO4J_URI: "neo4j://db.example:7687",
      NEO4J_USER: "app",
      NEO4J_PASSWORD: "secret",
      NEO4J_DATABASE: "channel",
    });
    expect(config.database).toEqual({
      kind: "remote",
      uri: "neo4j://db.example:7687",
      user: "app",
      password: "secret",
      database: "channel",
    });
  });

  it("reads DEMO_DATA=false and LOCAL_NEO4J_DIR", () => {
    const config = loadConfig({ DEMO_DATA: "false", LOCAL_NEO4J_DIR: "/tmp/somewhere" });
    expect(config.demoData).toBe(false);
    expect(config.database).toMatchObject({ kind: "local", dir: "/tmp/somewhere" });
  });

  it.each([
    ["PORT", { PORT: "eighty" }],
    ["PORT", { PORT: "70000" }],
    ["DEMO_DATA", { DEMO_DATA: "maybe" }],
    ["NEO4J_URI", { NEO4J_URI: "http://localhost:7474" }],
    ["NEO4J_DATABASE", { NEO4J_DATABASE: "no spaces allowed" }],
    ["LOCAL_NEO4J_DIR", { LOCAL_NEO4J_DIR: "  " }],
    ["LOCAL_NEO4J_HEAP_MB", { LOCAL_NEO4J_HEAP_MB: "12" }],
  ])("stops with a message naming %s when it is invalid", (variable, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
