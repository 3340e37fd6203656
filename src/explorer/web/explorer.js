// @ts-check
// The chain explorer: search, the picture of one partner or customer, expansion on click, the
// audit in red, a table of the same data, exports. It reads everything through POST /graphql.

import { ApiError, createClient } from "./api.js";
import { EDGE_TYPES, grantsGlobalAdmin } from "./edge-types.js";
import { download, pictureToPng, pictureToSvg } from "./export.js";
import { createGraph } from "./graph.js";
import {
  customerNeighbourhoodElements,
  customerPictureElements,
  groupServices,
  indexViolations,
  partnerNeighbourhoodElements,
  ROLE_NAMES,
  WORKLOAD_NAMES,
  gdapDaysClass,
} from "./model.js";

/**
 * @typedef {import("./api.js").Match} Match
 * @typedef {import("./api.js").Service} Service
 * @typedef {import("./api.js").Chain} Chain
 * @typedef {import("./api.js").DelegatedAdmin} DelegatedAdmin
 * @typedef {import("./api.js").Violation} Violation
 * @typedef {import("./model.js").NodeData} NodeData
 * @typedef {import("./model.js").EdgeData} EdgeData
 * @typedef {{ kind: "partner" | "customer", id: string, name: string }} Subject
 * @typedef {{ x: number, y: number }} Point
 */

// sessionStorage, not localStorage: the token lives as long as the tab, and no longer.
const TOKEN_KEY = "csp-graph.explorer.token";
/** Customers fetched per partner expansion; the panel says when there are more. */
const CUSTOMERS_PER_EXPANSION = 25;
const SUGGEST_DELAY_MS = 150;

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no #${id}`);
  return found;
}

const ui = {
  search: byId("search", HTMLInputElement),
  searchForm: byId("search-form", HTMLFormElement),
  suggestions: byId("suggestions", HTMLUListElement),
  token: byId("token", HTMLInputElement),
  tokenForm: byId("token-form", HTMLFormElement),
  tokenClear: byId("token-clear", HTMLButtonElement),
  tokenState: byId("token-state", HTMLElement),
  error: byId("error", HTMLElement),
  details: byId("details", HTMLElement),
  findings: byId("findings", HTMLElement),
  status: byId("status", HTMLElement),
  graph: byId("graph", HTMLElement),
  table: byId("table", HTMLElement),
  tooltip: byId("tooltip", HTMLElement),
  empty: byId("empty", HTMLElement),
  showGraph: byId("show-graph", HTMLButtonElement),
  showTable: byId("show-table", HTMLButtonElement),
  fit: byId("fit", HTMLButtonElement),
  reload: byId("reload", HTMLButtonElement),
  exportPng: byId("export-png", HTMLButtonElement),
  exportSvg: byId("export-svg", HTMLButtonElement),
  showExpiring: byId("show-expiring", HTMLButtonElement),
  legendViolation: byId("legend-violation", HTMLLIElement),
};

/**
 * A DOM element with text children; text is never parsed as HTML.
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} children
 * @returns {HTMLElement}
 */
function h(tag, attributes = {}, ...children) {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  created.append(...children);
  return created;
}

/** The legend's edge types, from the table the graph is styled by, before its audit entry. */
function renderLegend() {
  for (const [type, spec] of Object.entries(EDGE_TYPES)) {
    const swatch = h("span", { class: "swatch edge", "data-edge-type": type });
    swatch.style.borderTopStyle = spec.swatch;
    swatch.style.borderTopColor = spec.colour;
    ui.legendViolation.before(h("li", {}, swatch, spec.legend));
  }
}

const api = createClient(() => sessionStorage.getItem(TOKEN_KEY) ?? "");

/** @type {Subject | null} */
let subject = null;
/** Audit findings by edge key, for the whole graph. */
let findings = new Map();
/** @type {{ total: number } | { error: unknown } | null} */
let auditState = null;
/** Nodes whose neighbours are drawn. */
const expanded = new Set();
/** Bumped by each new subject, so answers for an earlier one are dropped. */
let generation = 0;
let pending = 0;

/** @type {ReturnType<typeof createGraph> | null} */
let graph = null;
try {
  graph = createGraph(ui.graph, ui.tooltip, {
    onExpand: (node) => void expand(node),
    onOpen: (node) => {
      if (node.kind !== "tenant") navigate(node.kind, node.id);
    },
  });
} catch (error) {
  showError(error);
}

// ---------------------------------------------------------------------------------------------
// Loading a subject and expanding nodes

/**
 * Draws one partner or customer with its neighbours and the audit.
 * @param {"partner" | "customer"} kind
 * @param {string} id
 */
async function open(kind, id) {
  if (graph === null) return;
  const mine = ++generation;
  clearError();
  showStatus(`Loading ${kind} ${id}…`);
  track(1);
  try {
    // The audit runs beside the picture's own query; both are needed before drawing.
    const audited = loadAudit();
    expanded.clear();
    if (kind === "customer") {
      const picture = await api.customerPicture(id);
      await audited;
      if (mine !== generation) return;
      const customer = picture.customer;
      if (customer === null) throw new ApiError(`there is no customer ${id}`, "NOT_FOUND");
      graph.replace(customerPictureElements({ ...picture, customer }));
      subject = { kind, id, name: customer.name };
      renderCustomerDetails(customer, picture.whoServes, picture.distributionChains);
      ui.details.append(renderDelegatedAdmins("GDAP relationships", picture.delegatedAdmins));
    } else {
      const hood = await api.partnerNeighbourhood(id, CUSTOMERS_PER_EXPANSION);
      await audited;
      if (mine !== generation) return;
      if (hood === null) throw new ApiError(`there is no partner ${id}`, "NOT_FOUND");
      // A new picture has no tenant nodes: the services end at the customers.
      graph.replace(partnerNeighbourhoodElements(hood, (_, customerId) => customerId));
      subject = { kind, id, name: hood.partner.name };
      expanded.add(id);
      renderPartnerDetails(hood);
    }
    document.title = `${subject.name} · csp-graph chain explorer`;
    ui.search.value = "";
    redraw();
  } catch (error) {
    if (mine !== generation) return;
    subject = null;
    graph.replace([]);
    ui.details.replaceChildren();
    redraw();
    showError(error);
  } finally {
    track(-1);
  }
}

/**
 * Adds one level of neighbours around a node: a partner's providers, resellers and customers, a
 * customer's partners.
 * @param {NodeData} node
 */
async function expand(node) {
  if (graph === null || subject === null) return;
  if (node.kind === "tenant") {
    showStatus(`${node.name}: a tenant has no further neighbours; hover it for its properties.`);
    return;
  }
  if (expanded.has(node.id)) {
    showStatus(`${node.name} is expanded already; double-click to open it on its own.`);
    return;
  }
  const mine = generation;
  expanded.add(node.id);
  showStatus(`Expanding ${node.name}…`);
  track(1);
  try {
    const elements =
      node.kind === "partner"
        ? await expandPartner(node.id)
        : customerNeighbourhoodElements(await expandCustomer(node.id), targetFor);
    if (mine !== generation) return;
    const added = graph.add(elements);
    redraw();
    showStatus(`${node.name}: ${added === 0 ? "nothing new" : `${added} new nodes and edges`}.`);
  } catch (error) {
    expanded.delete(node.id);
    if (mine === generation) showError(error);
  } finally {
    track(-1);
  }
}

/** @param {string} id */
async function expandPartner(id) {
  const hood = await api.partnerNeighbourhood(id, CUSTOMERS_PER_EXPANSION);
  if (hood === null) throw new ApiError(`there is no partner ${id} any more`, "NOT_FOUND");
  return partnerNeighbourhoodElements(hood, targetFor);
}

/** @param {string} id */
async function expandCustomer(id) {
  const customer = await api.customerNeighbourhood(id);
  if (customer === null) throw new ApiError(`there is no customer ${id} any more`, "NOT_FOUND");
  return customer;
}

/**
 * A service edge ends at the tenant where the picture shows tenants (a customer's own picture),
 * else at the customer.
 * @param {string} tenantId
 * @param {string} customerId
 */
function targetFor(tenantId, customerId) {
  return graph !== null && graph.cy.getElementById(tenantId).nonempty() ? tenantId : customerId;
}

/** Fetches the audit; a failure (a scoped token may not reach it) leaves the picture uncoloured. */
async function loadAudit() {
  try {
    const audit = await api.audit();
    findings = indexViolations(audit.violations);
    auditState = { total: audit.totalCount };
  } catch (error) {
    findings = new Map();
    auditState = { error };
  }
}

/** After any change to the picture: audit colours, layout, marks, panel, table, status. */
function redraw() {
  if (graph === null) return;
  const { cy } = graph;
  graph.applyAudit(findings);
  cy.nodes().forEach((node) => {
    const data = /** @type {NodeData} */ (node.data());
    node.toggleClass("subject", subject !== null && data.id === subject.id);
    node.toggleClass("expandable", data.kind !== "tenant" && !expanded.has(data.id));
  });
  graph.layout();
  const empty = cy.elements().empty();
  ui.empty.hidden = !empty;
  ui.exportPng.disabled = empty;
  ui.exportSvg.disabled = empty;
  renderFindings();
  renderTable();
  if (subject !== null) {
    const red = cy.edges(".violation").length;
    showStatus(
      `${subject.name}: ${cy.nodes().length} nodes, ${cy.edges().length} edges` +
        (red > 0 ? `, ${red} flagged by the audit` : "") +
        ". Click a dashed node to expand it; double-click to open it.",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The side panel and the table

/**
 * @param {import("./api.js").Customer & { tenants: import("./api.js").Tenant[] }} customer
 * @param {Service[]} services
 * @param {Chain[]} chains
 */
function renderCustomerDetails(customer, services, chains) {
  const facts = factList([
    ["customer", customer.id],
    ["cloud", customer.cloud],
    ["country", customer.country],
    ["tenants", customer.tenants.map((t) => `${t.domain} (${t.purpose.toLowerCase()})`).join(", ")],
  ]);
  const who = h("section", { class: "who-serves" }, h("h2", {}, "Who serves it"));
  if (services.length === 0) who.append(h("p", { class: "muted" }, "No partner serves it."));
  for (const group of groupServices(services)) {
    const title =
      group.workload === null
        ? "Reseller relationship (all workloads)"
        : (WORKLOAD_NAMES[group.workload] ?? group.workload);
    const section = h("section", { "data-workload": group.workload ?? "ANY" }, h("h3", {}, title));
    for (const relation of group.relations) {
      section.append(
        h("h4", {}, relation.relation),
        h("ul", {}, ...relation.services.map((service) => h("li", {}, describeService(service)))),
      );
    }
    who.append(section);
  }
  const chainList = h(
    "section",
    { class: "chains" },
    h("h2", {}, `Distribution chains (${chains.length})`),
    h(
      "ul",
      {},
      ...chains.map((chain) => {
        const last = chain.hops.at(-1);
        const names = chain.partners.map((p) => p.name).join(" → ");
        const domain = customer.tenants.find((t) => t.id === chain.tenant.id)?.domain ?? "";
        return h("li", {}, `${names} → ${domain}${last ? ` (${last.type})` : ""}`);
      }),
    ),
  );
  ui.details.replaceChildren(h("h2", {}, customer.name), facts, who, chainList);
}

/**
 * GDAP relationships as a list: partner, tenant, roles (Global Administrator marked), the end
 * date and the days left, coloured like the graph's edges.
 * @param {string} title
 * @param {DelegatedAdmin[]} admins
 */
function renderDelegatedAdmins(title, admins) {
  const section = h("section", { class: "gdap" }, h("h2", {}, `${title} (${admins.length})`));
  if (admins.length === 0) section.append(h("p", { class: "muted" }, "None."));
  const items = admins.map((admin) => {
    const roles = admin.roles
      .map((role) => (role.name ?? role.id) + (role.name === "Global Administrator" ? " ★" : ""))
      .join(", ");
    const days =
      admin.daysLeft === null
        ? admin.status.toLowerCase()
        : admin.daysLeft < 0
          ? `ended ${-admin.daysLeft} days ago`
          : `${admin.daysLeft} days left`;
    const via = admin.via === null ? "" : ` (created by ${admin.via.name})`;
    return h(
      "li",
      {
        "data-relationship": admin.relationshipId,
        class: grantsGlobalAdmin(admin) ? "global-admin" : "",
      },
      `${admin.partner.name}${via} → ${admin.tenant.domain}: ${admin.displayName} · ${roles} · ${admin.status}` +
        (admin.endsOn === null ? "" : ` · ends ${admin.endsOn} `),
      h("span", { class: `days ${gdapDaysClass(admin.daysLeft)}` }, days),
    );
  });
  section.append(h("ul", {}, ...items));
  return section;
}

/** The expiring view: ACTIVE GDAP relationships ending within 30 days, soonest first. */
async function showExpiring() {
  clearError();
  showStatus("Loading the GDAP relationships ending within 30 days…");
  track(1);
  try {
    const page = await api.expiringDelegatedAdmins(30);
    const admins = page.edges.map((edge) => edge.node);
    const section = renderDelegatedAdmins("Ending within 30 days", admins);
    section.id = "expiring";
    if (page.totalCount > admins.length) {
      section.append(h("p", { class: "muted" }, `First ${admins.length} of ${page.totalCount}.`));
    }
    ui.details.replaceChildren(section);
    showStatus("");
  } catch (error) {
    showError(error);
  } finally {
    track(-1);
  }
}

/** @param {Service} service */
function describeService(service) {
  const parts = [`${service.partner.name} (${service.partner.id})`];
  if (service.via !== null) parts.push(`via ${service.via.name}`);
  parts.push(service.tenant.domain);
  if (service.subscriptionId !== null) parts.push(service.subscriptionId);
  return parts.join(" · ");
}

/** @param {import("./api.js").Neighbourhood} hood */
function renderPartnerDetails(hood) {
  const { partner } = hood;
  /** @param {{ partner: import("./api.js").Partner, state: string }[]} list */
  const names = (list) =>
    list.length === 0
      ? "none"
      : list
          .map(
            ({ partner: p, state }) =>
              `${p.name}${state === "ACTIVE" ? "" : ` (${state.toLowerCase()})`}`,
          )
          .join(", ");
  const shown = hood.customers.length;
  const facts = factList([
    ["partner", partner.id],
    ["role", ROLE_NAMES[partner.role] ?? partner.role],
    ["cloud", partner.cloud],
    ["country", partner.country],
    ["markets", partner.markets.join(", ")],
    ["MPA signed", partner.mpaSigned ? "yes" : "no"],
    ["providers", names(hood.providers)],
    ["resellers", names(hood.resellers)],
    [
      "customers",
      `${hood.customerCount} served directly` +
        (hood.customerCount > shown ? ` (the first ${shown} are drawn)` : ""),
    ],
  ]);
  ui.details.replaceChildren(h("h2", {}, partner.name), facts);
}

/** @param {[string, string][]} rows */
function factList(rows) {
  return h(
    "dl",
    { class: "facts" },
    ...rows.flatMap(([key, value]) => [h("dt", {}, key), h("dd", {}, value)]),
  );
}

function renderFindings() {
  if (graph === null || subject === null || auditState === null) {
    ui.findings.replaceChildren();
    return;
  }
  const title = h("h2", {}, "Audit");
  if ("error" in auditState) {
    ui.findings.replaceChildren(
      title,
      h("p", { class: "muted" }, `Audit unavailable: ${describeError(auditState.error)}`),
    );
    return;
  }
  const flagged = graph.cy.edges(".violation");
  const items = flagged.map((edge) => {
    const data = /** @type {EdgeData} */ (edge.data());
    const from = nodeName(data.source);
    const to = data.tenantDomain ?? nodeName(data.target);
    return data.violations.map((violation) => {
      const item = h(
        "li",
        { class: "finding", "data-edge": data.id, title: "Show this edge" },
        h("span", { class: "rule" }, violation.rule),
        h("div", {}, `${data.type} ${from} → ${to}`),
        h("div", { class: "muted" }, violation.message),
      );
      item.addEventListener("click", () => {
        if (graph === null) return;
        graph.cy.elements().unselect();
        edge.select();
        graph.cy.animate({ center: { eles: edge }, duration: 200 });
      });
      return item;
    });
  });
  const summary = `${auditState.total} finding${auditState.total === 1 ? "" : "s"} in the whole graph; ${flagged.length} edge${flagged.length === 1 ? "" : "s"} in this picture.`;
  ui.findings.replaceChildren(
    title,
    h("p", { class: "muted" }, summary),
    h("ul", {}, ...items.flat()),
  );
}

/** @param {string} id */
function nodeName(id) {
  const node = graph?.cy.getElementById(id);
  return node !== undefined && node.nonempty() ? `${node.data("name")}` : id;
}

function renderTable() {
  if (graph === null) return;
  const { cy } = graph;
  /**
   * @param {string[]} headings
   * @param {{ cells: string[], className: string }[]} rows
   */
  const table = (headings, rows) =>
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, ...headings.map((heading) => h("th", {}, heading)))),
      h(
        "tbody",
        {},
        ...rows.map((row) =>
          h("tr", { class: row.className }, ...row.cells.map((cell) => h("td", {}, cell))),
        ),
      ),
    );
  const nodes = cy.nodes().map((node) => {
    const data = /** @type {NodeData} */ (node.data());
    const kind = data.role !== undefined ? (ROLE_NAMES[data.role] ?? data.role) : data.kind;
    return {
      cells: [kind, data.id, data.name, data.purpose ?? "", data.cloud, data.country],
      className: "",
    };
  });
  const edges = cy.edges().map((edge) => {
    const data = /** @type {EdgeData} */ (edge.data());
    return {
      cells: [
        data.type,
        nodeName(data.source),
        data.tenantDomain ?? nodeName(data.target),
        data.workload === null ? "" : (WORKLOAD_NAMES[data.workload] ?? data.workload),
        data.subscriptionId ?? "",
        data.viaName ?? "",
        data.state ?? "",
        data.violations.map((v) => `${v.rule}: ${v.message}`).join("\n"),
      ],
      className: data.violations.length > 0 ? "violation" : "",
    };
  });
  ui.table.replaceChildren(
    h("h2", {}, `Edges (${edges.length})`),
    table(["type", "from", "to", "workload", "subscription", "via", "state", "audit"], edges),
    h("h2", {}, `Nodes (${nodes.length})`),
    table(["kind", "id", "name", "purpose", "cloud", "country"], nodes),
  );
}

// ---------------------------------------------------------------------------------------------
// Search with suggestions

/** @type {Match[]} */
let matches = [];
let active = -1;
let suggestSeq = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let suggestTimer;

ui.search.addEventListener("input", () => {
  clearTimeout(suggestTimer);
  const text = ui.search.value.trim();
  if (text === "") {
    closeSuggestions();
    return;
  }
  suggestTimer = setTimeout(() => void suggest(text), SUGGEST_DELAY_MS);
});

/** @param {string} text */
async function suggest(text) {
  const mine = ++suggestSeq;
  try {
    const found = await api.suggest(text);
    if (mine !== suggestSeq) return;
    clearError();
    matches = found;
    active = found.length > 0 ? 0 : -1;
    renderSuggestions();
  } catch (error) {
    if (mine !== suggestSeq) return;
    closeSuggestions();
    showError(error);
  }
}

function renderSuggestions() {
  const items = matches.map((match, index) => {
    const { id, name } = match.kind === "partner" ? match.partner : match.customer;
    const badgeClass = match.kind === "partner" ? match.partner.role : "customer";
    const badgeText =
      match.kind === "partner"
        ? (ROLE_NAMES[match.partner.role] ?? match.partner.role)
        : "customer";
    const item = h(
      "li",
      {
        id: `suggestion-${index}`,
        role: "option",
        "aria-label": `${name}, ${id}, ${badgeText}`,
        "aria-selected": String(index === active),
        "data-kind": match.kind,
        "data-id": id,
      },
      h("span", { class: "name" }, name),
      h("span", { class: "id" }, id),
      h("span", { class: `badge ${badgeClass}` }, badgeText),
    );
    // mousedown, not click: it comes before the input's blur closes the list.
    item.addEventListener("mousedown", (event) => {
      event.preventDefault();
      choose(index);
    });
    return item;
  });
  if (items.length === 0) {
    items.push(
      h(
        "li",
        { class: "none", role: "option", "aria-disabled": "true" },
        "No partner or customer matches.",
      ),
    );
  }
  ui.suggestions.replaceChildren(...items);
  ui.suggestions.hidden = false;
  ui.search.setAttribute("aria-expanded", "true");
  if (active >= 0) ui.search.setAttribute("aria-activedescendant", `suggestion-${active}`);
  else ui.search.removeAttribute("aria-activedescendant");
}

function closeSuggestions() {
  suggestSeq += 1;
  matches = [];
  active = -1;
  ui.suggestions.hidden = true;
  ui.suggestions.replaceChildren();
  ui.search.setAttribute("aria-expanded", "false");
  ui.search.removeAttribute("aria-activedescendant");
}

/** @param {number} index */
function choose(index) {
  const match = matches[index];
  if (match === undefined) return;
  closeSuggestions();
  if (match.kind === "partner") navigate("partner", match.partner.id);
  else navigate("customer", match.customer.id);
}

ui.search.addEventListener("keydown", (event) => {
  if (ui.suggestions.hidden) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    if (matches.length === 0) return;
    const step = event.key === "ArrowDown" ? 1 : -1;
    active = (active + step + matches.length) % matches.length;
    renderSuggestions();
  } else if (event.key === "Escape") {
    closeSuggestions();
  }
});

ui.searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(suggestTimer);
  if (active >= 0) {
    choose(active);
    return;
  }
  // Enter before the suggestions arrived: ask now and take the best match.
  const text = ui.search.value.trim();
  if (text === "") return;
  void suggest(text).then(() => {
    if (matches.length > 0) choose(0);
  });
});

ui.search.addEventListener("blur", () => closeSuggestions());

// ---------------------------------------------------------------------------------------------
// The address: #customer/C-5 or #partner/P-100, so a picture can be linked and Back works

/**
 * @param {"partner" | "customer"} kind
 * @param {string} id
 */
function navigate(kind, id) {
  const hash = `#${kind}/${encodeURIComponent(id)}`;
  if (window.location.hash === hash) void open(kind, id);
  else window.location.hash = hash;
}

function openFromAddress() {
  const match = /^#(partner|customer)\/(.+)$/.exec(window.location.hash);
  if (match === null) return;
  const [, kind, id] = match;
  if ((kind === "partner" || kind === "customer") && id !== undefined) {
    void open(kind, decodeURIComponent(id));
  }
}

window.addEventListener("hashchange", openFromAddress);

// ---------------------------------------------------------------------------------------------
// Token, view, exports

function showTokenState() {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? "";
  ui.token.value = token;
  ui.tokenState.textContent = token === "" ? "" : "token in use";
}

ui.tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = ui.token.value.trim().replace(/^Bearer\s+/i, "");
  if (token === "") sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
  showTokenState();
  // Again with the new token, including a picture the old one was refused.
  openFromAddress();
});

ui.tokenClear.addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showTokenState();
  openFromAddress();
});

/** @param {"graph" | "table"} view */
function showView(view) {
  ui.table.hidden = view !== "table";
  ui.showGraph.setAttribute("aria-pressed", String(view === "graph"));
  ui.showTable.setAttribute("aria-pressed", String(view === "table"));
}

ui.showGraph.addEventListener("click", () => showView("graph"));
ui.showTable.addEventListener("click", () => showView("table"));
ui.fit.addEventListener("click", () => graph?.cy.fit(undefined, 24));
ui.showExpiring.addEventListener("click", () => void showExpiring());
ui.reload.addEventListener("click", () => {
  if (subject !== null) void open(subject.kind, subject.id);
});

function exportName() {
  return `csp-graph-${subject === null ? "picture" : `${subject.kind}-${subject.id}`}`;
}

ui.exportPng.addEventListener("click", () => {
  if (graph !== null) download(pictureToPng(graph.cy), `${exportName()}.png`);
});

ui.exportSvg.addEventListener("click", () => {
  if (graph === null) return;
  const title = subject === null ? "csp-graph" : `${subject.name} · csp-graph`;
  const svg = pictureToSvg(graph.cy, title);
  download(new Blob([svg], { type: "image/svg+xml" }), `${exportName()}.svg`);
});

// ---------------------------------------------------------------------------------------------
// Status and errors

/** @param {string} text */
function showStatus(text) {
  ui.status.textContent = text;
}

/** @param {unknown} error */
function describeError(error) {
  if (error instanceof ApiError) {
    return `${error.code}: ${error.message}${error.hint === "" ? "" : ` (${error.hint})`}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** @param {unknown} error */
function showError(error) {
  const code = error instanceof ApiError ? error.code : "ERROR";
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof ApiError && error.hint !== "" ? ` (${error.hint})` : "";
  ui.error.replaceChildren(h("strong", { class: "code" }, code), `${message}${hint}`);
  ui.error.hidden = false;
  showStatus("");
}

function clearError() {
  ui.error.hidden = true;
  ui.error.replaceChildren();
}

/**
 * Counts requests in flight; body[data-state] says "loading" or "ready" (tests wait on it).
 * @param {number} delta
 */
function track(delta) {
  pending += delta;
  document.body.dataset.state = pending > 0 ? "loading" : "ready";
}

// ---------------------------------------------------------------------------------------------
// A read-only view of the picture for the end-to-end tests and the browser console, since the
// graph itself is drawn on a canvas.

Reflect.set(
  window,
  "cspExplorer",
  Object.freeze({
    ready: () => pending === 0,
    subject: () => subject,
    nodes: () =>
      graph?.cy.nodes().map((node) => ({
        id: node.id(),
        kind: String(node.data("kind")),
        name: String(node.data("name")),
        expanded: expanded.has(node.id()),
      })) ?? [],
    edges: () =>
      graph?.cy.edges().map((edge) => {
        const data = /** @type {EdgeData} */ (edge.data());
        return {
          id: data.id,
          type: data.type,
          from: data.source,
          to: data.target,
          tenant: data.tenant,
          rules: data.violations.map((v) => v.rule),
          lineColor: edge.style("line-color"),
          classes: edge.classes(),
          label: data.label,
        };
      }) ?? [],
    /** Where a node, or an edge's midpoint, is on the page, in CSS pixels. */
    clientPoint: (/** @type {string} */ id) => {
      const found = graph?.cy.getElementById(id);
      if (found === undefined || found.empty()) return null;
      // Typed without the isEdge() guard, which Cytoscape's typings turn into `never` otherwise.
      /** @type {{ isEdge(): boolean, renderedMidpoint(): Point, renderedPosition(): Point }} */
      const element = found;
      const point = element.isEdge() ? element.renderedMidpoint() : element.renderedPosition();
      const box = ui.graph.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
  }),
);

renderLegend();
showTokenState();
track(0);
openFromAddress();
