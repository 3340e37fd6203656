import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A local stand-in for Partner Center and Microsoft Graph on 127.0.0.1 (these machines cannot
 * reach Microsoft's services): it replays an export folder's pages at the URLs the APIs serve
 * them at, checks the bearer tokens, and can answer the first customers request with a 429.
 */
export const REPLAY_TOKENS = { partnerCenter: "pc-token", graph: "graph-token" } as const;

export interface Replay {
  base: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves the fixture pages at the URLs Partner Center and Graph serve them at. */
export async function replay(dir: string, { throttleCustomers = false } = {}): Promise<Replay> {
  const requests: string[] = [];
  let throttled = false;
  const page = (file: string): string | undefined => {
    const full = path.join(dir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
  };
  const server = http.createServer((request, response) => {
    const url = request.url ?? "";
    requests.push(url);
    const auth = request.headers.authorization;
    const isGraph = url.startsWith("/graph/");
    if (auth !== `Bearer ${isGraph ? REPLAY_TOKENS.graph : REPLAY_TOKENS.partnerCenter}`) {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ code: 401, description: "Unauthorized" }));
      return;
    }
    const send = (body: string | undefined): void => {
      if (body === undefined) {
        response.writeHead(404);
        response.end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      // Graph's next links point at graph.microsoft.com: rewrite them to this server.
      response.end(body.split("https://graph.microsoft.com/v1.0").join(`${base}/graph`));
    };
    const continuation = request.headers["ms-continuationtoken"];
    const subscriptions = /^\/v1\/customers\/([0-9a-f-]{36})\/subscriptions(\?.*)?$/.exec(url);
    if (url === "/v1/profiles/organization") return send(page("organization.json"));
    if (url === "/v1/profiles/mpn") return send(page("mpn.json"));
    if (url === "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf")
      return send(page("relationships.json"));
    if (url === "/v1/relationships?relationship_type=IsIndirectResellerOf")
      return send(
        JSON.stringify({ totalCount: 0, items: [], attributes: { objectType: "Collection" } }),
      );
    if (url === "/v1/customers?size=500") {
      if (throttleCustomers && !throttled) {
        throttled = true;
        response.writeHead(429, { "retry-after": "0" });
        response.end();
        return;
      }
      return send(page("customers.json"));
    }
    if (url === "/v1/customers?size=2&seekOperation=Next")
      return send(continuation === "AQAAAA==" ? page("customers-2.json") : undefined);
    if (subscriptions !== null) {
      const id = subscriptions[1] ?? "";
      if (subscriptions[2]?.includes("seekOperation=Next"))
        return send(continuation === undefined ? undefined : page(`subscriptions/${id}-2.json`));
      return send(
        page(`subscriptions/${id}.json`) ??
          JSON.stringify({ totalCount: 0, items: [], attributes: { objectType: "Collection" } }),
      );
    }
    if (url === "/graph/tenantRelationships/delegatedAdminRelationships")
      return send(page("delegatedAdminRelationships.json"));
    if (url.startsWith("/graph/tenantRelationships/delegatedAdminRelationships?$skiptoken="))
      return send(page("delegatedAdminRelationships-2.json"));
    return send(undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
