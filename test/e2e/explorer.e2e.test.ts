import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import jwt from "jsonwebtoken";
import { chromium } from "playwright-core";
import type { BrowserContext, Page, Request } from "playwright-core";
import { DEMO_FILE } from "../../src/app";
import { PROJECT_ROOT } from "../../src/config";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { resolveChromium } from "../support/chromium";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

/**
 * The chain explorer in a headless Chromium (CHROMIUM_PATH, Debian's, or the one the npm package
 * @sparticuz/chromium ships: test/support/chromium.ts), driven by playwright-core, against the
 * real server and a real Neo4j with the demo graph.
 */

const ARTIFACTS = path.join(PROJECT_ROOT, "test-artifacts");
// Every test drives one page through a few round trips; this is far above what they need.
const TEST_MS = 20_000;
const RED = "rgb(220,38,38)";

const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantOf = (domain: string): string => {
  const tenant = demo.tenants.find((candidate) => candidate.domain === domain);
  if (tenant === undefined) throw new Error(`the demo has no tenant ${domain}`);
  return tenant.id;
};
const TREY = tenantOf("treyresearch.onmicrosoft.com");
const FABRIKAM = tenantOf("fabrikam.onmicrosoft.com");
const FABRIKAM_DEV = tenantOf("fabrikamdev.onmicrosoft.com");
const FABRIKAM_ADMIN = "a6b1f0c2-3d4e-4f50-8a61-7b2c9d0e1f01";

/** What the page's read-only window.cspExplorer answers (src/explorer/web/explorer.js). */
interface Inspector {
  /** No request in flight. */
  ready(): boolean;
  subject(): { kind: string; id: string; name: string } | null;
  nodes(): { id: string; kind: string; name: string; expanded: boolean }[];
  edges(): {
    id: string;
    type: string;
    from: string;
    to: string;
    tenant: string | null;
    rules: string[];
    lineColor: string;
    classes: string[];
    label: string;
  }[];
  clientPoint(id: string): { x: number; y: number } | null;
}
type ExplorerWindow = { cspExplorer: Inspector };

describe("the chain explorer", () => {
  let db: Db;
  let server: TestServer;
  let base: string;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    const browser = await resolveChromium();
    db = testDb();
    await resetGraph(db);
    server = await startTestServer({ demoData: true });
    base = server.app.url.replace(/\/graphql$/, "");
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-e2e-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browser.path,
      headless: true,
      // Quiet and closed: no background traffic, so "nothing left this machine" can be checked.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1360, height: 820 },
      acceptDownloads: true,
    });
    await warmUp();
  }, 120_000);

  /**
   * Sends the page's kinds of request once before the tests: a JVM that started seconds ago
   * plans and compiles each Cypher query on first use, slowly on a busy machine, and the tests
   * are about the page, not about that.
   */
  async function warmUp(): Promise<void> {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const pictures = [
      ["#customer/C-1", "P-100"],
      ["#partner/P-100", "P-200"],
    ] as const;
    for (const [hash, node] of pictures) {
      await page.goto(`${base}/explore${hash}`);
      await waitForNodes(page, [node]);
    }
    await page.locator("#search").pressSequentially("Fab");
    await page.getByRole("option").first().waitFor();
    await page.close();
  }

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await db?.close();
    if (userDataDir !== undefined) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  /** A fresh tab that records every request and every console or page error. */
  async function openPage(): Promise<{ page: Page; requests: Request[]; problems: string[] }> {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const requests: Request[] = [];
    const problems: string[] = [];
    page.on("request", (request) => requests.push(request));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    return { page, requests, problems };
  }

  /**
   * Runs `read` in the page on its window.cspExplorer. It is sent as source, so it sees only its
   * own parameters: pass anything else as `arg`.
   */
  function inspect<T, A = null>(
    page: Page,
    read: (explorer: Inspector, arg: A) => T,
    arg: A | null = null,
  ): Promise<T> {
    return page.evaluate(
      `(${read.toString()})(globalThis.cspExplorer, ${JSON.stringify(arg)})`,
    ) as Promise<T>;
  }

  /** Waits until the picture holds every one of these node ids and no request is in flight. */
  async function waitForNodes(page: Page, ids: string[]): Promise<void> {
    await page.waitForFunction((wanted) => {
      const explorer = (globalThis as unknown as ExplorerWindow).cspExplorer;
      const drawn = explorer.nodes();
      return explorer.ready() && wanted.every((id) => drawn.some((n) => n.id === id));
    }, ids);
  }

  async function nodeIds(page: Page): Promise<string[]> {
    return (await inspect(page, (explorer) => explorer.nodes().map((n) => n.id))).sort();
  }

  it(
    "loads with every script and style from this server and nothing fetched elsewhere",
    async () => {
      const { page, requests, problems } = await openPage();
      const response = await page.goto(`${base}/explore`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
      await expect(page.title()).resolves.toBe("csp-graph · chain explorer");
      await page.waitForSelector('body[data-state="ready"]');
      const urls = requests.map((request) => request.url());
      expect(urls).toEqual(
        expect.arrayContaining([
          `${base}/explore/vendor/cytoscape.min.js`,
          `${base}/explore/vendor/cytoscape-dagre.min.js`,
          `${base}/explore/explorer.js`,
          `${base}/explore/style.css`,
        ]),
      );
      expect(urls.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith("data:"))).toEqual(
        [],
      );
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "finds a demo customer as one types and draws the partners that serve it",
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${base}/explore`);
      // Lower case on purpose: the server's prefix match is case-sensitive, the page tries both.
      await page.locator("#search").pressSequentially("trey", { delay: 20 });
      const option = page.getByRole("option", { name: /Trey Research/ });
      await option.waitFor();
      await option.click();
      await waitForNodes(page, ["P-120", "P-200", TREY]);
      expect(page.url()).toMatch(/#customer\/C-5$/);
      expect(await nodeIds(page)).toEqual(["P-120", "P-200", TREY].sort());
      const edges = await inspect(page, (explorer) =>
        explorer.edges().map((e) => `${e.from} ${e.type} ${e.to}`),
      );
      expect(edges.sort()).toEqual(
        [
          `P-120 PROVISIONS ${TREY}`,
          `P-120 RESELLS_FOR ${TREY}`,
          `P-120 SUPPLIES P-200`,
          `P-200 RESELLS_FOR ${TREY}`,
          // Northwind's GDAP relationship, created by Tailspin for it.
          `P-200 DELEGATED_ADMIN ${TREY}`,
        ].sort(),
      );
      // Who serves it, grouped by workload and then relation.
      const azure = page.locator('#details [data-workload="AZURE"]');
      await expect(azure.locator("h4").allTextContents()).resolves.toEqual(["PROVISIONS"]);
      await expect(azure.textContent()).resolves.toContain("Tailspin Distribution (P-120)");
      const any = page.locator('#details [data-workload="ANY"]');
      await expect(any.textContent()).resolves.toContain(
        "Northwind Reseller (P-200) · via Tailspin",
      );
      // The table view lists the same edges.
      await page.getByRole("button", { name: "Table" }).click();
      await expect(page.locator("#table tbody tr").count()).resolves.toBe(5 + 3);
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "draws GDAP relationships in their own style, Global Administrator marked, and lists the expiring ones",
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${base}/explore#customer/C-1`);
      await waitForNodes(page, ["P-300", FABRIKAM]);
      const edges = await inspect(page, (explorer) => explorer.edges());
      const gdap = edges.filter((edge) => edge.type === "DELEGATED_ADMIN");
      // Fabrikam's: Fourth Coffee's Global Administrator one, its dev-tenant helpdesk one and
      // Contoso's terminated one (demo file).
      expect(gdap.map((edge) => `${edge.from} ${edge.to}`).sort()).toEqual(
        [`P-100 ${FABRIKAM}`, `P-300 ${FABRIKAM}`, `P-300 ${FABRIKAM_DEV}`].sort(),
      );
      const admin = gdap.find((edge) => edge.from === "P-300" && edge.to === FABRIKAM);
      expect(admin?.classes).toEqual(expect.arrayContaining(["DELEGATED_ADMIN", "global-admin"]));
      expect(admin?.label).toContain("★ Global Administrator");
      // Days left coloured: the terminated one ended in 2025.
      const ended = gdap.find((edge) => edge.from === "P-100");
      expect(ended?.classes).toContain("gdap-expired");
      const serving = edges.find((edge) => edge.type === "RESELLS_FOR");
      expect(admin?.lineColor).not.toBe(serving?.lineColor);
      const listed = page.locator(`#details .gdap li[data-relationship="${FABRIKAM_ADMIN}"]`);
      await expect(listed.getAttribute("class")).resolves.toBe("global-admin");
      await expect(listed.textContent()).resolves.toContain("Global Administrator ★");

      // The expiring view: ACTIVE relationships ending within 30 days, soonest first.
      await page.getByRole("button", { name: "Expiring GDAP" }).click();
      await page.locator("#expiring").waitFor();
      const today = new Date().toISOString().slice(0, 10);
      const until = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const expected = demo.edges
        .filter(
          (edge) =>
            edge.type === "DELEGATED_ADMIN" &&
            edge.status === "ACTIVE" &&
            (edge.endsOn ?? "") >= today &&
            (edge.endsOn ?? "") <= until,
        )
        .sort((a, b) => (a.endsOn ?? "").localeCompare(b.endsOn ?? ""))
        .map((edge) => edge.relationshipId);
      const shown = await page
        .locator("#expiring li")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-relationship")));
      expect(shown).toEqual(expected);
      await expect(page.locator("#expiring h2").textContent()).resolves.toBe(
        `Ending within 30 days (${expected.length})`,
      );
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "explorer-gdap.png") });
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "expands a partner one level when its node is clicked",
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${base}/explore#partner/P-100`);
      await waitForNodes(page, ["P-100", "P-200", "P-210", "C-1", "C-3"]);
      expect(await nodeIds(page)).toEqual(["C-1", "C-3", "P-100", "P-200", "P-210"]);
      const point = await inspect(page, (explorer) => explorer.clientPoint("P-200"));
      if (point === null) throw new Error("P-200 is not drawn");
      await page.mouse.click(point.x, point.y);
      // Northwind's other provider and its own customers; nothing two levels out (P-230).
      await waitForNodes(page, ["P-120", "C-5"]);
      expect(await nodeIds(page)).toEqual(
        ["C-1", "C-3", "C-5", "P-100", "P-120", "P-200", "P-210"].sort(),
      );
      const expanded = await inspect(page, (explorer) =>
        explorer
          .nodes()
          .filter((n) => n.expanded)
          .map((n) => n.id),
      );
      expect(expanded.sort()).toEqual(["P-100", "P-200"]);
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "draws the edges the audit flags in red, with the rule and message on hover",
    async () => {
      const removed = await server.gql(
        `mutation { removeEdge(input: { type: SUPPLIES, from: "P-120", to: "P-200" }) }`,
      );
      expect(removed.data).toEqual({ removeEdge: true });
      try {
        const { page } = await openPage();
        await page.goto(`${base}/explore#customer/C-5`);
        await waitForNodes(page, ["P-120", "P-200", TREY]);
        const edges = await inspect(page, (explorer) => explorer.edges());
        const byId = new Map(edges.map((edge) => [`${edge.from} ${edge.type}`, edge]));
        expect(byId.get("P-200 RESELLS_FOR")).toMatchObject({
          rules: ["RESELLER_NEEDS_PROVIDER"],
          lineColor: RED,
        });
        expect(byId.get("P-120 PROVISIONS")?.lineColor).toBe(RED);
        // The edge with no finding keeps its type's colour.
        expect(byId.get("P-120 RESELLS_FOR")).toMatchObject({ rules: [] });
        expect(byId.get("P-120 RESELLS_FOR")?.lineColor).not.toBe(RED);
        expect(byId.has("P-120 SUPPLIES")).toBe(false);

        const flagged = byId.get("P-200 RESELLS_FOR");
        if (flagged === undefined) throw new Error("no P-200 RESELLS_FOR edge");
        const point = await inspect(page, (explorer, id) => explorer.clientPoint(id), flagged.id);
        if (point === null) throw new Error("the flagged edge is not drawn");
        // A step away and back, so Cytoscape sees the pointer arrive on the edge.
        await page.mouse.move(point.x - 40, point.y - 40);
        await page.mouse.move(point.x, point.y, { steps: 4 });
        const tooltip = page.locator("#tooltip");
        await tooltip.waitFor({ state: "visible" });
        await expect(tooltip.textContent()).resolves.toMatch(/RESELLER_NEEDS_PROVIDER: .*P-200/);
        await expect(page.locator("#findings .finding .rule").allTextContents()).resolves.toEqual(
          expect.arrayContaining(["RESELLER_NEEDS_PROVIDER"]),
        );
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, "explorer.png") });
        await page.close();
      } finally {
        await server.gql(
          `mutation { createEdge(input: { type: SUPPLIES, from: "P-120", to: "P-200", state: ACTIVE, since: "2025-01-10" }) { type } }`,
        );
      }
    },
    TEST_MS,
  );

  it(
    "shows UNAUTHENTICATED until a token is pasted, then sends it as a bearer token",
    async () => {
      const secret = "e2e-secret-of-at-least-thirty-two-characters";
      const guarded = await startTestServer({
        auth: { key: { algorithm: "HS256", secret }, issuer: null, audience: null },
      });
      try {
        const guardedBase = guarded.app.url.replace(/\/graphql$/, "");
        const { page, requests } = await openPage();
        await page.goto(`${guardedBase}/explore#customer/C-1`);
        const banner = page.locator("#error");
        await banner.waitFor({ state: "visible" });
        await expect(banner.locator(".code").textContent()).resolves.toBe("UNAUTHENTICATED");
        await expect(banner.textContent()).resolves.toContain("paste a valid bearer token");

        const token = jwt.sign({ sub: "e2e", role: "ADMIN" }, secret, { expiresIn: "5m" });
        await page.locator("#token").fill(token);
        await page.getByRole("button", { name: "Use" }).click();
        await waitForNodes(page, ["P-100", "P-200", "P-300"]);
        await expect(banner.isHidden()).resolves.toBe(true);
        const sent = requests
          .filter((request) => request.url() === `${guardedBase}/graphql`)
          .map((request) => request.headers().authorization);
        expect(sent.at(-1)).toBe(`Bearer ${token}`);
        await page.close();
      } finally {
        await guarded.stop();
      }
    },
    TEST_MS,
  );

  it(
    "shows a FORBIDDEN answer with what it means",
    async () => {
      const { page } = await openPage();
      // The scope is the server's to enforce; here it only has to say no, as it would.
      await page.route("**/graphql", (route) =>
        route.fulfill({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({
            data: null,
            errors: [
              {
                message: "Forbidden: customer C-5 is outside partner P-300's scope",
                extensions: { code: "FORBIDDEN" },
              },
            ],
          }),
        }),
      );
      await page.goto(`${base}/explore#customer/C-5`);
      const banner = page.locator("#error");
      await banner.waitFor({ state: "visible" });
      await expect(banner.locator(".code").textContent()).resolves.toBe("FORBIDDEN");
      await expect(banner.textContent()).resolves.toContain("outside partner P-300's scope");
      await expect(banner.textContent()).resolves.toContain("partner scope does not reach");
      expect(await nodeIds(page)).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "exports the current picture as PNG and as SVG",
    async () => {
      const { page, problems } = await openPage();
      await page.goto(`${base}/explore#customer/C-1`);
      await waitForNodes(page, ["P-100", "P-200", "P-300"]);
      const edgeCount = await inspect(page, (explorer) => explorer.edges().length);

      const [png] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export PNG" }).click(),
      ]);
      expect(png.suggestedFilename()).toBe("csp-graph-customer-C-1.png");
      const pngBytes = fs.readFileSync(await png.path());
      expect(pngBytes.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
      expect(pngBytes.length).toBeGreaterThan(10_000);

      const [svg] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export SVG" }).click(),
      ]);
      expect(svg.suggestedFilename()).toBe("csp-graph-customer-C-1.svg");
      const svgText = fs.readFileSync(await svg.path(), "utf8");
      expect(svgText).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svgText).toContain("<title>Fabrikam · csp-graph</title>");
      expect(svgText).toContain("Northwind Reseller");
      expect(svgText.match(/<path /g)).toHaveLength(edgeCount);
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    "serves GraphiQL from this server and runs a query in it",
    async () => {
      const { page, requests, problems } = await openPage();
      await page.goto(`${base}/graphiql`);
      await page.locator(".graphiql-container").waitFor();
      await page.locator(".graphiql-execute-button").click();
      // CodeMirror renders only the lines in view: the first partner is among them.
      await page.locator(".result-window", { hasText: '"Contoso Distribution"' }).waitFor();
      const urls = requests.map((request) => request.url());
      expect(urls.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith("data:"))).toEqual(
        [],
      );
      expect(problems).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );
});
