// @ts-check
// Turns API answers into the explorer's picture: graph elements with the properties the tooltip,
// the table and the audit colouring read. Pure functions, no DOM. What differs by edge type comes
// from edge-types.js.

import { edgeTypeSpec, edgeTypesFrom, grantsGlobalAdmin } from "./edge-types.js";

/**
 * @typedef {import("./api.js").Partner} Partner
 * @typedef {import("./api.js").Customer} Customer
 * @typedef {import("./api.js").Tenant} Tenant
 * @typedef {import("./api.js").Service} Service
 * @typedef {import("./api.js").Chain} Chain
 * @typedef {import("./api.js").EdgeRef} EdgeRef
 * @typedef {import("./api.js").Violation} Violation
 * @typedef {import("./edge-types.js").EdgeType} EdgeType
 * @typedef {import("./api.js").DelegatedAdmin} DelegatedAdmin
 *
 * @typedef {{ id: string, kind: "partner" | "customer" | "tenant", label: string, name: string,
 *   role?: string, purpose?: string, cloud: string, country: string, markets?: string[],
 *   mpaSigned?: boolean }} NodeData
 * @typedef {{ id: string, source: string, target: string, type: EdgeType, tenant: string | null,
 *   tenantDomain: string | null, workload: string | null, subscriptionId: string | null,
 *   via: string | null, viaName: string | null, state: string | null, label: string,
 *   violations: { rule: string, message: string }[], gdap?: GdapData }} EdgeData
 * @typedef {{ relationshipId: string, displayName: string, status: string,
 *   roles: { id: string, name: string | null }[], endsOn: string | null,
 *   daysLeft: number | null, autoExtend: boolean }} GdapData
 * @typedef {{ group: "nodes", data: NodeData, classes: string }} NodeElement
 * @typedef {{ group: "edges", data: EdgeData, classes: string }} EdgeElement
 * @typedef {NodeElement | EdgeElement} Element
 */

export const ROLE_NAMES = /** @type {Readonly<Record<string, string>>} */ ({
  INDIRECT_PROVIDER: "indirect provider",
  INDIRECT_RESELLER: "indirect reseller",
  DIRECT_BILL: "direct-bill partner",
});

export const WORKLOAD_NAMES = /** @type {Readonly<Record<string, string>>} */ ({
  AZURE: "Azure",
  MICROSOFT_365: "Microsoft 365",
  OFFICE_365: "Office 365",
  DYNAMICS_365: "Dynamics 365",
  ENTERPRISE_MOBILITY: "Enterprise Mobility",
  OTHER: "Other",
});

/** The relations a Service may have, in the order they are listed. */
export const RELATIONS = edgeTypesFrom("services");

/**
 * The key that names one stored edge, as the audit names it: its type, its ends and, for a type
 * with a key property, that property (API.md, EdgeKeyInput).
 * @param {{ type: string, from: string, to: string, workload?: string | null,
 *   subscriptionId?: string | null, relationshipId?: string | null }} edge
 */
export function edgeKey(edge) {
  const key = edgeTypeSpec(edge.type)?.key ?? null;
  const ends = `${edge.type}|${edge.from}|${edge.to}`;
  return key === null ? ends : `${ends}|${edge[key]}`;
}

/**
 * @param {Partner} partner
 * @returns {NodeElement}
 */
export function partnerNode(partner) {
  return {
    group: "nodes",
    data: {
      id: partner.id,
      kind: "partner",
      label: `${partner.name}\n${partner.id} · ${ROLE_NAMES[partner.role] ?? partner.role}`,
      name: partner.name,
      role: partner.role,
      cloud: partner.cloud,
      country: partner.country,
      markets: partner.markets,
      mpaSigned: partner.mpaSigned,
    },
    classes: `partner ${partner.role}`,
  };
}

/**
 * @param {Customer} customer
 * @returns {NodeElement}
 */
export function customerNode(customer) {
  return {
    group: "nodes",
    data: {
      id: customer.id,
      kind: "customer",
      label: `${customer.name}\n${customer.id} · customer`,
      name: customer.name,
      cloud: customer.cloud,
      country: customer.country,
    },
    classes: "customer",
  };
}

/**
 * @param {Tenant} tenant
 * @returns {NodeElement}
 */
export function tenantNode(tenant) {
  // Domains are long: break after the first label so the node stays narrow.
  const dot = tenant.domain.indexOf(".");
  const domain =
    dot > 0 ? `${tenant.domain.slice(0, dot)}\n${tenant.domain.slice(dot)}` : tenant.domain;
  return {
    group: "nodes",
    data: {
      id: tenant.id,
      kind: "tenant",
      label: `${domain}\n${tenant.purpose.toLowerCase()} tenant`,
      name: tenant.domain,
      purpose: tenant.purpose,
      cloud: tenant.cloud,
      country: tenant.country,
    },
    classes: `tenant ${tenant.purpose}`,
  };
}

/**
 * An edge by which a partner serves a tenant, drawn to `target`: the tenant's node where the
 * picture has one, else its owner's.
 * @param {Service} service
 * @param {string} target
 * @returns {EdgeElement}
 */
export function serviceEdge(service, target) {
  const ref = {
    type: service.relation,
    from: service.partner.id,
    to: service.tenant.id,
    workload: service.workload,
    subscriptionId: service.subscriptionId,
  };
  return edgeElement({
    id: edgeKey(ref),
    source: service.partner.id,
    target,
    type: service.relation,
    tenant: service.tenant.id,
    tenantDomain: service.tenant.domain,
    workload: service.workload,
    subscriptionId: service.subscriptionId,
    via: service.via?.id ?? null,
    viaName: service.via?.name ?? null,
    state: null,
  });
}

/**
 * @param {string} from the provider
 * @param {string} to the reseller
 * @param {string} state
 * @returns {EdgeElement}
 */
export function suppliesEdge(from, to, state) {
  return edgeElement({
    id: edgeKey({ type: "SUPPLIES", from, to }),
    source: from,
    target: to,
    type: "SUPPLIES",
    tenant: null,
    tenantDomain: null,
    workload: null,
    subscriptionId: null,
    via: null,
    viaName: null,
    state,
  });
}

/**
 * @param {Omit<EdgeData, "label" | "violations">} data
 * @returns {EdgeElement}
 */
function edgeElement(data) {
  const full = { ...data, label: "", violations: [] };
  full.label = edgeLabel(full);
  return { group: "edges", data: full, classes: edgeClasses(full) };
}

/**
 * The short text drawn on an edge; the tooltip has the rest.
 * @param {EdgeData} edge
 */
export function edgeLabel(edge) {
  const workload = edge.workload === null ? "" : (WORKLOAD_NAMES[edge.workload] ?? edge.workload);
  // A type the server knows and this page does not is drawn with its name.
  const text = edgeTypeSpec(edge.type)?.label(edge, workload) ?? edge.type;
  if (edge.violations.length === 0) return text;
  return `${text}\n⚠ ${[...new Set(edge.violations.map((v) => v.rule))].join(", ")}`;
}

/**
 * Classes the stylesheet keys on: the type, the SUPPLIES state, and whether the audit flags it.
 * @param {EdgeData} edge
 */
export function edgeClasses(edge) {
  /** @type {string[]} */
  const classes = [edge.type];
  if (edge.gdap !== undefined) {
    classes.push(gdapDaysClass(edge.gdap.daysLeft));
    if (grantsGlobalAdmin(edge.gdap)) classes.push("global-admin");
  }
  if (edge.state !== null && edge.state !== "ACTIVE") classes.push(edge.state);
  if (edge.violations.length > 0) classes.push("violation");
  return classes.join(" ");
}

/**
 * How a relationship's days left are coloured: passed, under 30 days, or fine (PENDING: none).
 * @param {number | null} daysLeft
 */
export function gdapDaysClass(daysLeft) {
  if (daysLeft === null) return "gdap-pending";
  if (daysLeft < 0) return "gdap-expired";
  return daysLeft < 30 ? "gdap-soon" : "gdap-fine";
}

/**
 * A GDAP relationship as a graph edge, from its partner to `target` (its tenant's node).
 * @param {DelegatedAdmin} admin
 * @param {string} target
 * @returns {EdgeElement}
 */
export function gdapEdge(admin, target) {
  return edgeElement({
    id: edgeKey({
      type: "DELEGATED_ADMIN",
      from: admin.partner.id,
      to: admin.tenant.id,
      relationshipId: admin.relationshipId,
    }),
    source: admin.partner.id,
    target,
    type: "DELEGATED_ADMIN",
    tenant: admin.tenant.id,
    tenantDomain: admin.tenant.domain,
    workload: null,
    subscriptionId: null,
    via: admin.via?.id ?? null,
    viaName: admin.via?.name ?? null,
    state: null,
    gdap: {
      relationshipId: admin.relationshipId,
      displayName: admin.displayName,
      status: admin.status,
      roles: admin.roles,
      endsOn: admin.endsOn,
      daysLeft: admin.daysLeft,
      autoExtend: admin.autoExtend,
    },
  });
}

/**
 * The picture of one customer: its tenants on the right, every partner serving them, and the
 * SUPPLIES edges of its distribution chains upstream.
 * @param {{ customer: Customer & { tenants: Tenant[] }, whoServes: Service[],
 *   distributionChains: Chain[], delegatedAdmins?: DelegatedAdmin[] }} picture
 * @returns {Element[]}
 */
export function customerPictureElements(picture) {
  /** @type {Map<string, Element>} */
  const elements = new Map();
  /** @param {Element} element */
  const add = (element) => {
    if (!elements.has(element.data.id)) elements.set(element.data.id, element);
  };
  for (const tenant of picture.customer.tenants) add(tenantNode(tenant));
  for (const chain of picture.distributionChains) {
    for (const partner of chain.partners) add(partnerNode(partner));
    // Serving hops carry no workload or subscription; whoServes lists those edges in full.
    for (const hop of chain.hops) {
      if (edgeTypeSpec(hop.type)?.source === "supplies") {
        add(suppliesEdge(hop.from, hop.to, "ACTIVE"));
      }
    }
  }
  for (const service of picture.whoServes) {
    add(partnerNode(service.partner));
    add(serviceEdge(service, service.tenant.id));
  }
  // GDAP relationships: admin grants, drawn in their own style beside the serving edges.
  for (const admin of picture.delegatedAdmins ?? []) {
    add(partnerNode(admin.partner));
    add(gdapEdge(admin, admin.tenant.id));
  }
  return [...elements.values()];
}

/**
 * Where a service edge ends: the tenant's node if the picture has one, else its owner's.
 * @callback TargetFor
 * @param {string} tenantId
 * @param {string} customerId
 * @returns {string}
 */

/**
 * One level around a partner: providers and resellers with the SUPPLIES edges in each state, and
 * the partner's own service edges to the customers it serves directly.
 * @param {import("./api.js").Neighbourhood} hood
 * @param {TargetFor} targetFor
 * @returns {Element[]}
 */
export function partnerNeighbourhoodElements(hood, targetFor) {
  /** @type {Element[]} */
  const elements = [partnerNode(hood.partner)];
  for (const { partner, state } of hood.providers) {
    elements.push(partnerNode(partner), suppliesEdge(partner.id, hood.partner.id, state));
  }
  for (const { partner, state } of hood.resellers) {
    elements.push(partnerNode(partner), suppliesEdge(hood.partner.id, partner.id, state));
  }
  for (const customer of hood.customers) {
    for (const service of customer.servedBy) {
      if (service.partner.id !== hood.partner.id) continue;
      const target = targetFor(service.tenant.id, customer.id);
      if (target === customer.id) elements.push(customerNode(customer));
      elements.push(serviceEdge(service, target));
    }
  }
  return elements;
}

/**
 * One level around a customer: every partner serving one of its tenants, and how.
 * @param {Customer & { servedBy: Service[] }} customer
 * @param {TargetFor} targetFor
 * @returns {Element[]}
 */
export function customerNeighbourhoodElements(customer, targetFor) {
  /** @type {Element[]} */
  const elements = [customerNode(customer)];
  for (const service of customer.servedBy) {
    elements.push(partnerNode(service.partner));
    elements.push(serviceEdge(service, targetFor(service.tenant.id, customer.id)));
  }
  return elements;
}

/**
 * Who serves a customer, grouped by workload (the reseller relationship, which has none, first)
 * and then by relation.
 * @param {Service[]} services
 * @returns {{ workload: string | null, relations: { relation: string, services: Service[] }[] }[]}
 */
export function groupServices(services) {
  const workloads = [null, ...Object.keys(WORKLOAD_NAMES)];
  return workloads
    .map((workload) => ({
      workload,
      relations: RELATIONS.map((relation) => ({
        relation,
        services: services
          .filter((s) => s.workload === workload && s.relation === relation)
          .sort((a, b) => a.partner.name.localeCompare(b.partner.name)),
      })).filter((group) => group.services.length > 0),
    }))
    .filter((group) => group.relations.length > 0);
}

/**
 * Audit findings by the key of the edge they name.
 * @param {Violation[]} violations
 * @returns {Map<string, { rule: string, message: string }[]>}
 */
export function indexViolations(violations) {
  /** @type {Map<string, { rule: string, message: string }[]>} */
  const index = new Map();
  for (const violation of violations) {
    if (violation.edge === null) continue;
    const key = edgeKey(violation.edge);
    const list = index.get(key) ?? [];
    list.push({ rule: violation.rule, message: violation.message });
    index.set(key, list);
  }
  return index;
}
