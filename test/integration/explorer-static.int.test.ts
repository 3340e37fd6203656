import http from "node:http";
import { startTestServer } from "../support/harness";
import type { TestServer } from "../support/harness";

// The static side of the chain explorer (src/explorer/static.ts); the page itself is tested in a
// browser by test/e2e.
describe("the explorer's static routes", () => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer();
    base = server.app.url.replace(/\/graphql$/, "");
  });

  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ["/explore", "text/html; charset=utf-8", "no-cache"],
    ["/explore/explorer.js", "text/javascript; charset=utf-8", "no-cache"],
    ["/explore/style.css", "text/css; charset=utf-8", "no-cache"],
    ["/explore/vendor/cytoscape.min.js", "text/javascript; charset=utf-8", "public, max-age=86400"],
    ["/graphiql", "text/html; charset=utf-8", "no-cache"],
    ["/graphiql/vendor/graphiql.min.js", "text/javascript; charset=utf-8", "public, max-age=86400"],
    ["/graphiql/vendor/graphiql.min.css", "text/css; charset=utf-8", "public, max-age=86400"],
  ])("serves %s as %s, cached as %s", async (route, type, caching) => {
    const response = await fetch(`${base}${route}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("cache-control")).toBe(caching);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it("sends the pages with a policy that keeps them on this origin", async () => {
    const response = await fetch(`${base}/explore`);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("script-src 'self'");
  });

  it("answers 304 to a request that names the current ETag", async () => {
    const first = await fetch(`${base}/explore/vendor/cytoscape-dagre.min.js`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetch(`${base}/explore/vendor/cytoscape-dagre.min.js`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetch(`${base}/explore/style.css`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(100);
    const post = await fetch(`${base}/explore`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  // Sent as raw request lines (fetch would normalise the dots away before they left).
  it.each([
    "/explore/../package.json",
    "/explore/%2e%2e/package.json",
    "/explore/vendor/..%2f..%2fpackage.json",
    "/explore/..\\..\\package.json",
    "/explore/static.ts",
    "/explore/vendor/cytoscape.min.js.map",
    "/explore/explorer.html",
  ])("serves nothing outside its table: %s", async (route) => {
    expect(await statusOf(route)).toBe(404);
  });

  function statusOf(rawPath: string): Promise<number> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      http
        .get({ host: hostname, port, path: rawPath }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on("error", reject);
    });
  }
});
