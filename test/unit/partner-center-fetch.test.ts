import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Cloud } from "../../src/domain";
import { fetchExport, FetchError } from "../../src/import/partner-center/fetch";
import type { LiveSettings } from "../../src/import/partner-center/fetch";
import { mapExport } from "../../src/import/partner-center/map";
import type { MapOptions } from "../../src/import/partner-center/map";
import { readExportFolder } from "../../src/import/partner-center/source";
import { PROVIDER_DIR } from "../support/partner-center-fixtures";
import { replay, REPLAY_TOKENS } from "../support/partner-center-replay";

// Live mode against a local HTTP server on 127.0.0.1 that replays the provider's fixture pages
// (these machines cannot reach Microsoft's services).
const OPTIONS: MapOptions = { cloud: Cloud.PUBLIC, markets: ["US", "BR"], includeGdap: true };
const GOOD_TOKEN = REPLAY_TOKENS.partnerCenter;
const GRAPH_TOKEN = REPLAY_TOKENS.graph;

function settings(base: string, token: string = GOOD_TOKEN): LiveSettings {
  return {
    partnerCenterBaseUrl: base,
    graphBaseUrl: `${base}/graph`,
    partnerCenterToken: token,
    graphToken: GRAPH_TOKEN,
    maxRetries: 3,
    maxWaitSeconds: 1,
  };
}

describe("fetchExport (--from-api)", () => {
  it("fetches what the saved folder holds, following continuations and waiting out a 429", async () => {
    const server = await replay(PROVIDER_DIR, { throttleCustomers: true });
    const lines: string[] = [];
    const saveTo = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-live-"));
    try {
      const live = await fetchExport(settings(server.base), {
        onProgress: (line) => lines.push(line),
        saveTo,
      });
      const fromFolder = mapExport(readExportFolder(PROVIDER_DIR).saved, OPTIONS);
      const fromApi = mapExport(live, OPTIONS);
      expect(fromApi.problems).toEqual([]);
      expect(fromApi.document).toEqual(fromFolder.document);
      // The continuation of the customers and of Wingtip's subscriptions were both followed.
      expect(server.requests).toContain("/v1/customers?size=2&seekOperation=Next");
      expect(server.requests.filter((url) => url === "/v1/customers?size=500")).toHaveLength(2);
      expect(lines).toContain(
        "Partner Center answered 429 Too Many Requests: waiting 0 s (Retry-After)",
      );
      expect(lines.some((line) => /fetched \d+ pages: customers page 2/.test(line))).toBe(true);
      expect(lines.some((line) => /GDAP relationships page 2/.test(line))).toBe(true);
      // --save writes a folder that reads back to the same document.
      expect(mapExport(readExportFolder(saveTo).saved, OPTIONS).document).toEqual(
        fromFolder.document,
      );
    } finally {
      await server.close();
      fs.rmSync(saveTo, { recursive: true, force: true });
    }
  });

  it("stops at a 401 with a message naming the token to renew", async () => {
    const server = await replay(PROVIDER_DIR);
    try {
      const attempt = fetchExport(settings(server.base, "expired"));
      await expect(attempt).rejects.toBeInstanceOf(FetchError);
      await expect(fetchExport(settings(server.base, "expired"))).rejects.toThrow(
        /Partner Center answered 401 Unauthorized for GET .*\/v1\/profiles\/organization: PARTNER_CENTER_TOKEN is missing, expired or not valid/,
      );
      // Nothing after the refused request was asked for.
      expect(server.requests.filter((url) => url !== "/v1/profiles/organization")).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("gives up after too many 429s in a row", async () => {
    const server = http.createServer((_, response) => {
      response.writeHead(429, { "retry-after": "0" });
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(fetchExport(settings(base))).rejects.toThrow(/answered 429/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
