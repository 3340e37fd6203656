import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { PROJECT_ROOT } from "../config";

/**
 * The chain explorer (/explore) and a local GraphiQL (/graphiql): static pages that use only the
 * GraphQL API. Everything they load comes from this server, so they work on a closed network.
 */

/** The explorer's own browser code: every .js and .css file here is served as /explore/<name>. */
const WEB_DIR = path.join(PROJECT_ROOT, "src", "explorer", "web");

/** One file as served: its bytes, type and caching policy. */
interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  cacheControl: string;
  isPage: boolean;
}

/** URL path → file, fixed at start. */
export type StaticRoutes = ReadonlyMap<string, StaticFile>;

/** A vendor file the pages need is missing: the npm packages are not installed. */
export class StaticAssetError extends Error {
  override name = "StaticAssetError";
}

// Browser builds taken as they are from installed npm packages; the versions are pinned in
// package.json because these paths are inside the packages, not part of their API.
const VENDOR_FILES: readonly { url: string; pkg: string; file: string }[] = [
  { url: "/explore/vendor/cytoscape.min.js", pkg: "cytoscape", file: "dist/cytoscape.min.js" },
  {
    url: "/explore/vendor/cytoscape-dagre.min.js",
    pkg: "cytoscape-dagre",
    file: "dist/cytoscape-dagre.min.js",
  },
  // GraphiQL 3 is the last major with a browser build that needs no bundler; it expects React 18's
  // UMD globals (React 19 ships no UMD build).
  { url: "/graphiql/vendor/react.min.js", pkg: "react", file: "umd/react.production.min.js" },
  {
    url: "/graphiql/vendor/react-dom.min.js",
    pkg: "react-dom",
    file: "umd/react-dom.production.min.js",
  },
  { url: "/graphiql/vendor/graphiql.min.js", pkg: "graphiql", file: "graphiql.min.js" },
  { url: "/graphiql/vendor/graphiql.min.css", pkg: "graphiql", file: "graphiql.min.css" },
];

const PAGES: readonly { url: string; file: string }[] = [
  { url: "/explore", file: "explorer.html" },
  { url: "/explore/", file: "explorer.html" },
  { url: "/graphiql", file: "graphiql.html" },
  { url: "/graphiql/", file: "graphiql.html" },
];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

// Only this origin, so a page cannot reach the internet even by mistake. Inline styles stay
// allowed because Cytoscape sets its own (the e2e tests fail on any CSP report without them).
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Reads every page, script and vendor file into memory, so a missing npm package stops the start
 * instead of breaking a page later. The table is closed here: a request path is only ever looked
 * up, never joined onto a folder, so no path can reach a file outside it.
 */
export function loadStaticRoutes(): StaticRoutes {
  const routes = new Map<string, StaticFile>();
  for (const vendor of VENDOR_FILES) {
    const file = path.join(packageDir(vendor.pkg), vendor.file);
    // Vendor files change only with the package version: a day of caching, revalidated by ETag.
    routes.set(vendor.url, staticFile(readAsset(file, vendor.pkg), file, "public, max-age=86400"));
  }
  for (const page of PAGES) {
    const file = path.join(WEB_DIR, page.file);
    routes.set(page.url, staticFile(readAsset(file), file, "no-cache"));
  }
  for (const name of fs.readdirSync(WEB_DIR)) {
    const extension = path.extname(name);
    if (extension !== ".js" && extension !== ".css") continue;
    const file = path.join(WEB_DIR, name);
    // The explorer's own files change with the project: always revalidated.
    routes.set(`/explore/${name}`, staticFile(readAsset(file), file, "no-cache"));
  }
  return routes;
}

/**
 * Answers a request for a static route; false when the path is none of them, so the caller can
 * try its other routes.
 */
export function serveStatic(
  routes: StaticRoutes,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): boolean {
  const file = routes.get(pathname);
  if (file === undefined) return false;
  res.setHeader("x-content-type-options", "nosniff");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.statusCode = 405;
    res.setHeader("allow", "GET, HEAD");
    res.end();
    return true;
  }
  res.setHeader("content-type", file.contentType);
  res.setHeader("cache-control", file.cacheControl);
  res.setHeader("etag", file.etag);
  if (file.isPage) {
    res.setHeader("content-security-policy", PAGE_POLICY);
    res.setHeader("referrer-policy", "no-referrer");
  }
  if (req.headers["if-none-match"] === file.etag) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.statusCode = 200;
  res.setHeader("content-length", file.body.length);
  res.end(req.method === "HEAD" ? undefined : file.body);
  return true;
}

function staticFile(body: Buffer, file: string, cacheControl: string): StaticFile {
  const extension = path.extname(file);
  const contentType = CONTENT_TYPES[extension];
  if (contentType === undefined) throw new StaticAssetError(`no content type for ${file}`);
  const hash = crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27);
  return { body, contentType, etag: `"${hash}"`, cacheControl, isPage: extension === ".html" };
}

function readAsset(file: string, pkg?: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const hint = pkg === undefined ? "" : ` (from the npm package ${pkg}: run npm install)`;
    throw new StaticAssetError(`The explorer cannot find ${file}${hint}`, { cause: error });
  }
}

/** The folder of an installed package, found from its entry point (not every package exports package.json). */
function packageDir(pkg: string): string {
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (error) {
    throw new StaticAssetError(
      `The explorer needs the npm package ${pkg}, which is not installed: run npm install`,
      { cause: error },
    );
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown };
      if (name === pkg) return dir;
    }
  }
  throw new StaticAssetError(`cannot find the folder of the npm package ${pkg} above ${entry}`);
}
