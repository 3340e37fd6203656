// @ts-check
// Every edge type as the explorer shows it, described once: where the API brings it from, what
// tells two of them apart, its label, its colour and line, its legend. The model (model.js), the
// drawing (graph.js), the SVG export (export.js), the legend (explorer.js) and the queries
// (api.js) read this table, so a new edge type is one entry here (ARCHITECTURE.md). It is the
// browser's side of src/policy/edge-types.ts; it imports no other module of the explorer, so
// every one of them can import it.

/**
 * @typedef {import("./model.js").GdapData} GdapData
 *
 * Which GraphQL fields bring an edge type to the page:
 * - "supplies": Partner.providers and Partner.resellers (one per state), and the SUPPLIES hops of
 *   distributionChains;
 * - "services": whoServes and Customer.servedBy, a Service per edge whose `relation` is the type;
 * - "delegatedAdmins": delegatedAdmins and expiringDelegatedAdmins.
 * @typedef {"supplies" | "services" | "delegatedAdmins"} EdgeSource
 *
 * What a label reads of its edge. It gets the display name of the edge's workload ("" if none)
 * beside it, from model.js, which this module does not import.
 * @typedef {{ state: string | null, subscriptionId: string | null, gdap?: GdapData }} LabelEdge
 *
 * @typedef {object} EdgeTypeSpec
 * @property {EdgeSource} source
 * @property {"workload" | "subscriptionId" | "relationshipId" | null} key the property that tells
 *   apart two edges of the type between the same ends (API.md, EdgeKeyInput), or null
 * @property {(edge: LabelEdge, workload: string) => string} label the short text drawn on the
 *   edge; the tooltip has the rest
 * @property {string} colour its line and arrow
 * @property {import("cytoscape").Css.Edge} line Cytoscape's style for it besides the colour: width,
 *   line style, dash pattern, arrow
 * @property {"solid" | "dashed" | "dotted"} swatch the legend's line, as CSS draws it
 * @property {string} legend
 */

// GDAP's label and marks live here, beside the DELEGATED_ADMIN entry that draws with them.

/** Entra's Global Administrator role template id: marked wherever a relationship grants it. */
export const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";

/** @param {{ roles: { id: string }[] }} admin */
export function grantsGlobalAdmin(admin) {
  return admin.roles.some((role) => role.id === GLOBAL_ADMINISTRATOR);
}

/**
 * "GDAP ★ Global Administrator +1 · 19 d": the first role (Global Administrator first and
 * starred), how many more, and the days left.
 * @param {GdapData | undefined} gdap
 */
export function gdapLabel(gdap) {
  if (gdap === undefined) return "GDAP";
  const first = grantsGlobalAdmin(gdap)
    ? "★ Global Administrator"
    : (gdap.roles[0]?.name ?? gdap.roles[0]?.id ?? "");
  const more = gdap.roles.length > 1 ? ` +${gdap.roles.length - 1}` : "";
  const days =
    gdap.daysLeft === null
      ? gdap.status.toLowerCase()
      : gdap.daysLeft < 0
        ? `ended ${-gdap.daysLeft} d ago`
        : `${gdap.daysLeft} d left`;
  return `GDAP ${first}${more}\n${days}`;
}

/**
 * In the order the legend lists them and the panel lists relations: the relationship first,
 * then what it carries.
 */
export const EDGE_TYPES = Object.freeze(
  /** @satisfies {Record<string, EdgeTypeSpec>} */ ({
    SUPPLIES: {
      source: "supplies",
      key: null,
      label: (edge) =>
        edge.state === "ACTIVE" || edge.state === null ? "supplies" : edge.state.toLowerCase(),
      colour: "#1d4ed8",
      line: { width: 3 },
      swatch: "solid",
      legend: "SUPPLIES (dashed: pending)",
    },
    RESELLS_FOR: {
      source: "services",
      key: null,
      label: () => "resells",
      colour: "#15803d",
      line: {},
      swatch: "solid",
      legend: "RESELLS_FOR",
    },
    SERVES_WORKLOAD: {
      source: "services",
      key: "workload",
      label: (_, workload) => `serves ${workload}`,
      colour: "#6d28d9",
      line: { "line-style": "dashed", "target-arrow-shape": "vee" },
      swatch: "dashed",
      legend: "SERVES_WORKLOAD",
    },
    PROVISIONS: {
      source: "services",
      key: "subscriptionId",
      label: (edge, workload) => `${workload} ${edge.subscriptionId ?? ""}`.trim(),
      colour: "#b45309",
      // Short dashes, apart from SERVES_WORKLOAD's; the legend draws them as dots.
      line: {
        "line-style": "dashed",
        "line-dash-pattern": [2, 4],
        "target-arrow-shape": "triangle-backcurve",
      },
      swatch: "dotted",
      legend: "PROVISIONS",
    },
    DELEGATED_ADMIN: {
      // GDAP relationships: dotted, a diamond at the tenant, coloured by the days left (the
      // gdap-* classes of graph.js over this colour).
      source: "delegatedAdmins",
      key: "relationshipId",
      label: (edge) => gdapLabel(edge.gdap),
      colour: "#0f766e",
      line: { "line-style": "dotted", width: 3, "target-arrow-shape": "diamond" },
      swatch: "dotted",
      legend:
        "GDAP (DELEGATED_ADMIN): teal, amber under 30 days left, red once ended; thick: Global Administrator ★",
    },
  }),
);

/** @typedef {keyof typeof EDGE_TYPES} EdgeType */

/**
 * The entry of a type named by the server, which may know types this page does not.
 * @param {string} type
 * @returns {EdgeTypeSpec | undefined}
 */
export function edgeTypeSpec(type) {
  return Object.hasOwn(EDGE_TYPES, type) ? EDGE_TYPES[/** @type {EdgeType} */ (type)] : undefined;
}

/** @typedef {NonNullable<EdgeTypeSpec["key"]>} KeyProperty */

/**
 * The key properties of the types one source brings, or of every type: what a query must
 * select to name each edge (edgeKey).
 * @param {EdgeSource} [source]
 * @returns {KeyProperty[]}
 */
export function keyProperties(source) {
  /** @type {EdgeTypeSpec[]} */
  const specs = Object.values(EDGE_TYPES);
  const keys = specs
    .filter((spec) => source === undefined || spec.source === source)
    .map((spec) => spec.key)
    .filter((key) => key !== null);
  return [...new Set(keys)];
}

/**
 * The types one source brings, in the table's order.
 * @param {EdgeSource} source
 * @returns {EdgeType[]}
 */
export function edgeTypesFrom(source) {
  const types = /** @type {EdgeType[]} */ (Object.keys(EDGE_TYPES));
  return types.filter((type) => EDGE_TYPES[type].source === source);
}
