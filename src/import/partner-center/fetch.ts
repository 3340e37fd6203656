import fs from "node:fs";
import path from "node:path";
import type { SavedExport, SavedPage } from "./pages";
import { at, isJson, text } from "./pages";
import { EXPORT_FILES } from "./source";

/** Live mode's settings: tokens and base URLs from the environment (README, "Live mode"). */
export interface LiveSettings {
  partnerCenterBaseUrl: string;
  graphBaseUrl: string;
  partnerCenterToken: string;
  graphToken: string;
  /** How many 429 answers in a row one request waits out before giving up. */
  maxRetries: number;
  /** Longest Retry-After honoured, in seconds (a larger one is waited this long). */
  maxWaitSeconds: number;
}

/** A live fetch that cannot go on: a 401, an error status, a body that is not JSON. */
export class FetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FetchError";
  }
}

export function liveSettings(env: NodeJS.ProcessEnv): LiveSettings {
  const partnerCenterToken = env.PARTNER_CENTER_TOKEN?.trim() ?? "";
  const graphToken = env.GRAPH_TOKEN?.trim() ?? "";
  if (partnerCenterToken === "" || graphToken === "")
    throw new FetchError(
      "--from-api needs PARTNER_CENTER_TOKEN (Partner Center REST, App+User) and GRAPH_TOKEN (Microsoft Graph, DelegatedAdminRelationship.Read.All) in the environment",
    );
  return {
    partnerCenterBaseUrl: (
      env.PARTNER_CENTER_BASE_URL ?? "https://api.partnercenter.microsoft.com"
    ).replace(/\/+$/, ""),
    graphBaseUrl: (env.GRAPH_BASE_URL ?? "https://graph.microsoft.com/v1.0").replace(/\/+$/, ""),
    partnerCenterToken,
    graphToken,
    maxRetries: 5,
    maxWaitSeconds: 120,
  };
}

export interface FetchOptions {
  /** One line per page fetched and per wait, for a progress display. */
  onProgress?: (line: string) => void;
  /** Also write every page into this folder, in the layout an export folder has. */
  saveTo?: string;
}

type Service = "Partner Center" | "Microsoft Graph";

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; 1 when absent. */
function retryAfterSeconds(header: string | null): number {
  if (header === null) return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Fetches what an export folder holds from the live APIs: the profiles, both relationship
 * lists, every customer page (following `links.next` with its MS-ContinuationToken header),
 * each customer's subscriptions, and Graph's GDAP relationships (following `@odata.nextLink`).
 */
export async function fetchExport(
  settings: LiveSettings,
  options: FetchOptions = {},
): Promise<SavedExport> {
  let pagesFetched = 0;
  const progress = (line: string): void => options.onProgress?.(line);

  const get = async (
    service: Service,
    url: string,
    headers: Record<string, string> = {},
    { missingIsEmpty = false } = {},
  ): Promise<unknown> => {
    const token = service === "Partner Center" ? settings.partnerCenterToken : settings.graphToken;
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...headers },
      });
      if (response.status === 429 && attempt < settings.maxRetries) {
        const wait = Math.min(
          retryAfterSeconds(response.headers.get("retry-after")),
          settings.maxWaitSeconds,
        );
        progress(`${service} answered 429 Too Many Requests: waiting ${wait} s (Retry-After)`);
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      const body = await response.text();
      if (response.status === 401) {
        const variable = service === "Partner Center" ? "PARTNER_CENTER_TOKEN" : "GRAPH_TOKEN";
        throw new FetchError(
          `${service} answered 401 Unauthorized for GET ${url}: ${variable} is missing, expired or not valid for this API. Get a new token and run again; nothing was imported.`,
        );
      }
      if (missingIsEmpty && (response.status === 403 || response.status === 404)) return undefined;
      if (!response.ok) {
        throw new FetchError(
          `${service} answered ${response.status} for GET ${url}: ${body.slice(0, 300)}`,
        );
      }
      try {
        pagesFetched += 1;
        return JSON.parse(body.replace(/^\uFEFF/, "")) as unknown;
      } catch (error) {
        throw new FetchError(`${service}: GET ${url} is not JSON: ${(error as Error).message}`);
      }
    }
  };

  const pc = settings.partnerCenterBaseUrl;
  /** Partner Center's links are relative to {baseURL}/v1, with or without the /v1. */
  const pcUrl = (uri: string): string => {
    if (/^https?:\/\//.test(uri)) return uri;
    const rooted = uri.startsWith("/") ? uri : `/${uri}`;
    return rooted.startsWith("/v1/") ? `${pc}${rooted}` : `${pc}/v1${rooted}`;
  };

  const pcPages = async (
    resource: string,
    first: string,
    flags: { missingIsEmpty?: boolean } = {},
  ): Promise<SavedPage[]> => {
    const pages: SavedPage[] = [];
    let url: string | undefined = pcUrl(first);
    let headers: Record<string, string> = {};
    while (url !== undefined) {
      const body = await get("Partner Center", url, headers, flags);
      if (body === undefined) break;
      pages.push({ source: url, body });
      progress(`fetched ${pagesFetched} pages: ${resource} page ${pages.length}`);
      const next = at(body, "links", "next");
      const uri = text(at(next, "uri"));
      url = uri === undefined ? undefined : pcUrl(uri);
      headers = {};
      const linkHeaders = at(next, "headers");
      if (Array.isArray(linkHeaders)) {
        for (const header of linkHeaders) {
          const key = text(at(header, "key"));
          const value = at(header, "value");
          if (key !== undefined && typeof value === "string") headers[key] = value;
        }
      }
    }
    return pages;
  };

  const organization = await get("Partner Center", pcUrl("/v1/profiles/organization"));
  const mpn = await get("Partner Center", pcUrl("/v1/profiles/mpn"));
  progress(`fetched ${pagesFetched} pages: profiles`);
  const relationships = [
    ...(await pcPages(
      "resellers",
      "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
      { missingIsEmpty: true },
    )),
    ...(await pcPages("providers", "/v1/relationships?relationship_type=IsIndirectResellerOf", {
      missingIsEmpty: true,
    })),
  ];
  const customers = await pcPages("customers", "/v1/customers?size=500");
  const subscriptions: SavedExport["subscriptions"] = [];
  for (const page of customers) {
    const items = isJson(page.body) && Array.isArray(page.body.items) ? page.body.items : [];
    for (const item of items) {
      const id = text(at(item, "id"));
      if (id === undefined) continue;
      subscriptions.push({
        customerId: id,
        pages: await pcPages(
          `subscriptions of ${id}`,
          `/v1/customers/${encodeURIComponent(id)}/subscriptions`,
        ),
      });
    }
  }
  const delegatedAdmin: SavedPage[] = [];
  let graphUrl: string | undefined =
    `${settings.graphBaseUrl}/tenantRelationships/delegatedAdminRelationships`;
  while (graphUrl !== undefined) {
    const body = await get("Microsoft Graph", graphUrl);
    delegatedAdmin.push({ source: graphUrl, body });
    progress(`fetched ${pagesFetched} pages: GDAP relationships page ${delegatedAdmin.length}`);
    graphUrl = text(at(body, "@odata.nextLink"));
  }

  const saved: SavedExport = {
    organization: { source: pcUrl("/v1/profiles/organization"), body: organization },
    mpn: { source: pcUrl("/v1/profiles/mpn"), body: mpn },
    relationships,
    customers,
    subscriptions,
    delegatedAdmin,
  };
  if (options.saveTo !== undefined) saveExport(saved, options.saveTo);
  return saved;
}

/** Writes an export in the folder layout readExportFolder reads. */
export function saveExport(saved: SavedExport, dir: string): void {
  const write = (relative: string, body: unknown): void => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  };
  const numbered = (base: string, index: number): string =>
    index === 0 ? `${base}.json` : `${base}-${index + 1}.json`;
  if (saved.organization !== undefined) write(EXPORT_FILES.organization, saved.organization.body);
  if (saved.mpn !== undefined) write(EXPORT_FILES.mpn, saved.mpn.body);
  saved.relationships.forEach((page, k) =>
    write(numbered(EXPORT_FILES.relationships, k), page.body),
  );
  saved.customers.forEach((page, k) => write(numbered(EXPORT_FILES.customers, k), page.body));
  for (const { customerId, pages } of saved.subscriptions)
    pages.forEach((page, k) =>
      write(path.join(EXPORT_FILES.subscriptions, numbered(customerId, k)), page.body),
    );
  saved.delegatedAdmin.forEach((page, k) =>
    write(numbered(EXPORT_FILES.delegatedAdmin, k), page.body),
  );
}
