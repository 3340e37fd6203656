// @ts-check
// The drawing: Cytoscape.js with the dagre layered layout, upstream on the left. Nodes are
// coloured by role or kind, edges styled by type (edge-types.js); edges the audit flags are red.

import { EDGE_TYPES, GLOBAL_ADMINISTRATOR } from "./edge-types.js";
import { edgeClasses, edgeLabel, ROLE_NAMES, WORKLOAD_NAMES } from "./model.js";

/**
 * @typedef {import("cytoscape").Core} Core
 * @typedef {import("cytoscape").NodeSingular} NodeSingular
 * @typedef {import("cytoscape").EdgeSingular} EdgeSingular
 * @typedef {import("cytoscape").ElementDefinition} ElementDefinition
 * @typedef {import("./model.js").Element} Element
 * @typedef {import("./model.js").NodeData} NodeData
 * @typedef {import("./model.js").EdgeData} EdgeData
 */

/** Fill and line colours by partner role or node kind; the legend uses the same. */
export const NODE_COLOURS = /** @type {const} */ ({
  INDIRECT_PROVIDER: { fill: "#dbeafe", line: "#1d4ed8" },
  INDIRECT_RESELLER: { fill: "#dcfce7", line: "#15803d" },
  DIRECT_BILL: { fill: "#ede9fe", line: "#6d28d9" },
  customer: { fill: "#ffedd5", line: "#c2410c" },
  tenant: { fill: "#f1f5f9", line: "#475569" },
});

const VIOLATION_COLOUR = "#dc2626";

const FONT = "system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif";

/** @type {import("cytoscape").StylesheetJson} */
const STYLE = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-family": FONT,
      "font-size": 12,
      color: "#0f172a",
      "text-wrap": "wrap",
      "text-max-width": "180px",
      "text-valign": "center",
      "text-halign": "center",
      shape: "round-rectangle",
      width: 190,
      height: 54,
      "border-width": 2,
    },
  },
  ...Object.entries(NODE_COLOURS).map(([name, colour]) => ({
    selector: `node.${name}`,
    style: { "background-color": colour.fill, "border-color": colour.line },
  })),
  { selector: "node.customer", style: { shape: "barrel" } },
  { selector: "node.tenant", style: { shape: "cut-rectangle", width: 200, height: 62 } },
  // Dashed: a click will fetch its neighbours; solid: they are drawn.
  { selector: "node.expandable", style: { "border-style": "dashed" } },
  { selector: "node.subject", style: { "border-width": 4, "font-weight": "bold" } },
  {
    selector: "edge",
    style: {
      width: 2,
      "curve-style": "bezier",
      "control-point-step-size": 48,
      "target-arrow-shape": "triangle",
      "arrow-scale": 1.1,
      label: "data(label)",
      "font-family": FONT,
      "font-size": 10,
      color: "#334155",
      "text-wrap": "wrap",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.9,
      "text-background-padding": "2px",
    },
  },
  // Each type's own look; what follows (GDAP days, SUPPLIES states, the audit) wins over it.
  ...Object.entries(EDGE_TYPES).map(([type, spec]) => ({
    selector: `edge.${type}`,
    style: { "line-color": spec.colour, "target-arrow-color": spec.colour, ...spec.line },
  })),
  {
    // A GDAP relationship's days left: fine, under 30, passed, not started.
    selector: "edge.gdap-fine",
    style: { "line-color": "#0f766e", "target-arrow-color": "#0f766e" },
  },
  {
    selector: "edge.gdap-soon",
    style: { "line-color": "#d97706", "target-arrow-color": "#d97706" },
  },
  {
    selector: "edge.gdap-expired",
    style: { "line-color": "#9f1239", "target-arrow-color": "#9f1239" },
  },
  {
    selector: "edge.gdap-pending",
    style: { "line-color": "#94a3b8", "target-arrow-color": "#94a3b8" },
  },
  { selector: "edge.global-admin", style: { width: 5, "font-weight": "bold" } },
  { selector: "edge.PENDING", style: { "line-style": "dashed" } },
  {
    selector: "edge.REMOVED",
    style: { "line-style": "dotted", "line-color": "#94a3b8", "target-arrow-color": "#94a3b8" },
  },
  // Last, so it wins over the type's colour.
  {
    selector: "edge.violation",
    style: {
      "line-color": VIOLATION_COLOUR,
      "target-arrow-color": VIOLATION_COLOUR,
      width: 4,
      color: "#b91c1c",
      "font-weight": "bold",
      "z-index": 10,
    },
  },
  {
    selector: ":selected",
    style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.25, "overlay-padding": 6 },
  },
];

/** Layered: providers, then resellers and direct-bill partners, then customers or tenants. */
const LAYOUT = {
  name: "dagre",
  rankDir: "LR",
  nodeSep: 28,
  rankSep: 190,
  edgeSep: 14,
  padding: 24,
  fit: true,
  animate: false,
};

const MAX_FIT_ZOOM = 1.3;

/** The Cytoscape global its vendor script defines, checked rather than assumed. */
function loadCytoscape() {
  const cytoscape = /** @type {typeof import("cytoscape") | undefined} */ (
    Reflect.get(window, "cytoscape")
  );
  if (typeof cytoscape !== "function") {
    throw new Error("the graph library did not load (/explore/vendor/cytoscape.min.js)");
  }
  // cytoscape-dagre registers itself on the global when its script runs after Cytoscape's.
  if (cytoscape("layout", "dagre") === undefined) {
    throw new Error("the layered layout did not load (/explore/vendor/cytoscape-dagre.min.js)");
  }
  return cytoscape;
}

/**
 * @param {HTMLElement} container
 * @param {HTMLElement} tooltip
 * @param {{ onExpand(node: NodeData): void, onOpen(node: NodeData): void }} handlers
 */
export function createGraph(container, tooltip, handlers) {
  const cytoscape = loadCytoscape();
  const cy = cytoscape({
    container,
    style: STYLE,
    elements: [],
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });

  cy.on("tap", "node", (event) => handlers.onExpand(/** @type {NodeData} */ (event.target.data())));
  cy.on("dbltap", "node", (event) =>
    handlers.onOpen(/** @type {NodeData} */ (event.target.data())),
  );
  cy.on("mouseover", "node, edge", (event) => {
    showTooltip(tooltip, /** @type {NodeSingular | EdgeSingular} */ (event.target), cy);
    moveTooltip(tooltip, event.renderedPosition);
  });
  cy.on("mousemove", (event) => {
    if (!tooltip.hidden) moveTooltip(tooltip, event.renderedPosition);
  });
  cy.on("mouseout", "node, edge", () => {
    tooltip.hidden = true;
  });
  cy.on("pan zoom", () => {
    tooltip.hidden = true;
  });

  return {
    cy,
    /** @param {Element[]} elements */
    replace(elements) {
      tooltip.hidden = true;
      cy.elements().remove();
      cy.add(/** @type {ElementDefinition[]} */ (elements));
    },
    /**
     * Adds what the picture does not have yet.
     * @param {Element[]} elements
     * @returns {number} how many were new
     */
    add(elements) {
      const fresh = elements.filter((element) => cy.getElementById(element.data.id).empty());
      // Nodes before edges, so an edge never names a node that is not there yet.
      fresh.sort((a, b) => (a.group === b.group ? 0 : a.group === "nodes" ? -1 : 1));
      cy.add(/** @type {ElementDefinition[]} */ (fresh));
      return fresh.length;
    },
    /**
     * Marks each edge with the audit findings that name it.
     * @param {Map<string, { rule: string, message: string }[]>} findings
     */
    applyAudit(findings) {
      cy.edges().forEach((edge) => {
        const data = /** @type {EdgeData} */ (edge.data());
        const next = { ...data, violations: findings.get(edge.id()) ?? [] };
        edge.data({ violations: next.violations, label: edgeLabel(next) });
        edge.classes(edgeClasses(next));
      });
    },
    layout() {
      cy.layout(/** @type {import("cytoscape").LayoutOptions} */ (LAYOUT)).run();
      // Fitting a small picture would blow it up; text at about its CSS size reads best.
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
    },
  };
}

/**
 * @param {HTMLElement} tooltip
 * @param {NodeSingular | EdgeSingular} element
 * @param {Core} cy
 */
function showTooltip(tooltip, element, cy) {
  /** @type {[string, string][]} */
  let rows;
  let title;
  /** @type {{ rule: string, message: string }[]} */
  let violations = [];
  if (element.isNode()) {
    const node = /** @type {NodeData} */ (element.data());
    title = node.name;
    rows = [
      ["id", node.id],
      ["kind", node.role === undefined ? node.kind : (ROLE_NAMES[node.role] ?? node.role)],
      ["cloud", node.cloud],
      ["country", node.country],
    ];
    if (node.purpose !== undefined) rows.push(["purpose", node.purpose]);
    if (node.markets !== undefined) rows.push(["markets", node.markets.join(", ")]);
    if (node.mpaSigned !== undefined) rows.push(["MPA signed", node.mpaSigned ? "yes" : "no"]);
  } else {
    const edge = /** @type {EdgeData} */ (element.data());
    /** @param {string} id */
    const name = (id) => {
      const node = cy.getElementById(id);
      return node.empty() ? id : `${node.data("name")} (${id})`;
    };
    title = edge.type;
    rows = [
      ["from", name(edge.source)],
      ["to", edge.tenantDomain === null ? name(edge.target) : `${edge.tenantDomain}`],
    ];
    if (edge.tenantDomain !== null && edge.target !== edge.tenant) {
      rows.push(["owner", name(edge.target)]);
    }
    if (edge.state !== null) rows.push(["state", edge.state]);
    if (edge.workload !== null) {
      rows.push(["workload", WORKLOAD_NAMES[edge.workload] ?? edge.workload]);
    }
    if (edge.subscriptionId !== null) rows.push(["subscription", edge.subscriptionId]);
    if (edge.via !== null) rows.push(["via", `${edge.viaName ?? ""} (${edge.via})`]);
    if (edge.gdap !== undefined) {
      const gdap = edge.gdap;
      rows.push(
        ["relationship", `${gdap.displayName} (${gdap.relationshipId})`],
        ["status", gdap.status],
        [
          "roles",
          gdap.roles
            .map((role) => (role.id === GLOBAL_ADMINISTRATOR ? "★ " : "") + (role.name ?? role.id))
            .join(", "),
        ],
        ["ends on", gdap.endsOn ?? "(pending)"],
        ["days left", gdap.daysLeft === null ? "–" : String(gdap.daysLeft)],
        ["auto-extend", gdap.autoExtend ? "yes" : "no"],
      );
    }
    violations = edge.violations;
  }
  // Built with textContent: names come from the data and are never parsed as HTML.
  const heading = document.createElement("strong");
  heading.textContent = title;
  const list = document.createElement("dl");
  for (const [key, value] of rows) {
    const term = document.createElement("dt");
    term.textContent = key;
    const detail = document.createElement("dd");
    detail.textContent = value;
    list.append(term, detail);
  }
  tooltip.replaceChildren(heading, list);
  for (const violation of violations) {
    const line = document.createElement("p");
    line.className = "tooltip-violation";
    const rule = document.createElement("strong");
    rule.textContent = violation.rule;
    line.append(rule, `: ${violation.message}`);
    tooltip.append(line);
  }
  tooltip.hidden = false;
}

/**
 * Keeps the tooltip beside the pointer and inside the graph.
 * @param {HTMLElement} tooltip
 * @param {{ x: number, y: number }} position
 */
function moveTooltip(tooltip, position) {
  const parent = tooltip.offsetParent;
  const width = parent instanceof HTMLElement ? parent.clientWidth : window.innerWidth;
  const x = Math.min(position.x + 14, width - tooltip.offsetWidth - 8);
  tooltip.style.left = `${Math.max(8, x)}px`;
  tooltip.style.top = `${position.y + 14}px`;
}
