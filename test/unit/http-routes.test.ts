import net from "node:net";
import { loadStaticRoutes } from "../../src/explorer/static";
import { answerClientError } from "../../src/http/client-error";
import {
  createRouter,
  graphqlRoute,
  healthRoute,
  livezRoute,
  metricsRoute,
  staticRoute,
} from "../../src/http/routes";
import type { Readiness, Route } from "../../src/http/routes";
import { Metrics } from "../../src/metrics";
import { capturedLogger, serveOnLoopback } from "../support/http-parts";

/** A database that answers /health's questions as told. */
const readiness = (ready: boolean, reachable: boolean): Readiness => ({
  isReady: () => Promise.resolve(ready),
  isReachable: () => Promise.resolve(reachable),
});

async function withRoutes(
  routes: Route[],
  run: (base: string) => Promise<void>,
): Promise<Record<string, unknown>[]> {
  const { logger, lines } = capturedLogger();
  const served = await serveOnLoopback(createRouter(routes, logger));
  try {
    await run(served.base);
  } finally {
    await served.stop();
  }
  return lines;
}

describe("healthRoute", () => {
  it.each([
    [true, true, 200, { status: "ok", database: true }],
    [false, true, 503, { status: "warming", database: true }],
    [false, false, 503, { status: "unavailable", database: false }],
  ])("answers ready=%s reachable=%s with %s", async (ready, reachable, status, body) => {
    await withRoutes([healthRoute(readiness(ready, reachable))], async (base) => {
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json()).toEqual(body);
      expect((await fetch(`${base}/health`, { method: "HEAD" })).status).toBe(status);
    });
  });

  it("is only GET and HEAD", async () => {
    await withRoutes([healthRoute(readiness(true, true))], async (base) => {
      expect((await fetch(`${base}/health`, { method: "POST" })).status).toBe(404);
    });
  });
});

describe("livezRoute", () => {
  it("answers 200 whatever the database does", async () => {
    await withRoutes([healthRoute(readiness(false, false)), livezRoute], async (base) => {
      const response = await fetch(`${base}/livez`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "live" });
    });
  });
});

describe("metricsRoute", () => {
  const metrics = new Metrics(() => true);
  const TOKEN = "metrics-token-0123456789abcdefghijklmn";

  it("serves the Prometheus text to anyone without a token", async () => {
    await withRoutes([metricsRoute(metrics, null)], async (base) => {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toMatch(/csp_graph_database_available 1/);
    });
  });

  it("with a token, serves only its bearer", async () => {
    await withRoutes([metricsRoute(metrics, TOKEN)], async (base) => {
      const none = await fetch(`${base}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toBe('Bearer realm="csp-graph-metrics"');
      const wrong = await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(right.status).toBe(200);
    });
  });
});

describe("graphqlRoute and staticRoute", () => {
  it("hands any method on /graphql to the handler, and serves the explorer's pages", async () => {
    const seen: string[] = [];
    const graphql = graphqlRoute(async (req, res, url) => {
      seen.push(`${req.method} ${url.search}`);
      res.end("handled");
    });
    await withRoutes([graphql, staticRoute(loadStaticRoutes())], async (base) => {
      expect(await (await fetch(`${base}/graphql?x=1`)).text()).toBe("handled");
      expect(await (await fetch(`${base}/graphql`, { method: "POST" })).text()).toBe("handled");
      const page = await fetch(`${base}/explore`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    });
    expect(seen).toEqual(["GET ?x=1", "POST "]);
  });
});

describe("createRouter", () => {
  it("answers 404 naming the request when no route does", async () => {
    await withRoutes([livezRoute], async (base) => {
      const response = await fetch(`${base}/nowhere?x=1`, { method: "DELETE" });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "no route for DELETE /nowhere" });
    });
  });

  it("logs a route that fails and answers 500 without its message", async () => {
    const failing: Route = () => Promise.reject(new Error("secret detail"));
    const lines = await withRoutes([failing], async (base) => {
      const response = await fetch(`${base}/anything`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "internal server error" });
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "Request failed outside GraphQL",
        err: expect.objectContaining({ message: "secret detail" }),
      }),
    );
  });
});

describe("answerClientError", () => {
  /** The raw answer to `request`, sent as it is (fetch would refuse to send these). */
  async function rawAnswer(base: string, request: string): Promise<string> {
    const { hostname, port } = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => socket.write(request));
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
      socket.on("close", () => resolve(answer));
      // The server may close before reading all a refused request sent: its answer counts.
      socket.on("error", (error) => (answer === "" ? reject(error) : resolve(answer)));
    });
  }

  it("answers headers over 16 KiB with 431 and a coded JSON error, and a malformed request with 400", async () => {
    const { logger } = capturedLogger();
    const served = await serveOnLoopback(createRouter([livezRoute], logger));
    served.server.on("clientError", answerClientError);
    try {
      const long = await rawAnswer(
        served.base,
        `GET /livez HTTP/1.1\r\nhost: x\r\nx-long: ${"a".repeat(20_000)}\r\n\r\n`,
      );
      expect(long).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      expect(long).toContain("content-type: application/json; charset=utf-8");
      expect(JSON.parse(long.slice(long.indexOf("\r\n\r\n") + 4))).toEqual({
        errors: [
          {
            message: "the request line and headers exceed 16 KiB",
            extensions: { code: "BAD_REQUEST" },
          },
        ],
      });
      const malformed = await rawAnswer(served.base, "NOT HTTP AT ALL\r\n\r\n");
      expect(malformed).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(malformed).toContain('"code":"BAD_REQUEST"');
    } finally {
      await served.stop();
    }
  });
});
