// @ts-check
// Exports of the current picture. PNG comes from Cytoscape's own renderer; SVG is written here
// from the laid-out geometry and the computed styles, since Cytoscape draws only to a canvas.

/**
 * @typedef {import("cytoscape").Core} Core
 * @typedef {import("cytoscape").NodeSingular} NodeSingular
 * @typedef {import("cytoscape").EdgeSingular} EdgeSingular
 * @typedef {{ x: number, y: number }} Point
 */

import { edgeTypeSpec } from "./edge-types.js";

const FONT = "system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif";

/**
 * The whole picture at twice the screen's resolution, on white.
 * @param {Core} cy
 * @returns {Blob}
 */
export function pictureToPng(cy) {
  return cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
}

/**
 * The whole picture as a standalone SVG document.
 * @param {Core} cy
 * @param {string} title
 * @returns {string}
 */
export function pictureToSvg(cy, title) {
  const box = cy.elements().boundingBox({});
  const pad = 20;
  const x0 = box.x1 - pad;
  const y0 = box.y1 - pad;
  const width = box.w + 2 * pad;
  const height = box.h + 2 * pad;
  /** @type {string[]} */
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(x0)} ${n(y0)} ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" font-family="${escapeXml(FONT)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="${n(x0)}" y="${n(y0)}" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
  ];
  // Edges under nodes, as on screen; red edges over the others.
  const edges = cy
    .edges()
    .sort((a, b) => Number(a.hasClass("violation")) - Number(b.hasClass("violation")));
  edges.forEach((edge) => {
    parts.push(edgeSvg(edge));
  });
  cy.nodes().forEach((node) => {
    parts.push(nodeSvg(node));
  });
  edges.forEach((edge) => {
    parts.push(labelSvg(edge.midpoint(), edge));
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/**
 * @param {NodeSingular} node
 */
function nodeSvg(node) {
  const { x, y } = node.position();
  const w = node.width();
  const h = node.height();
  const fill = node.style("background-color");
  const stroke = node.style("border-color");
  const strokeWidth = parseFloat(node.style("border-width"));
  const dash = node.style("border-style") === "dashed" ? ` stroke-dasharray="6 4"` : "";
  const paint = `fill="${fill}" stroke="${stroke}" stroke-width="${n(strokeWidth)}"${dash}`;
  const left = x - w / 2;
  const top = y - h / 2;
  let shape;
  switch (node.style("shape")) {
    case "cut-rectangle": {
      const c = 8;
      const points = [
        [left + c, top],
        [left + w - c, top],
        [left + w, top + c],
        [left + w, top + h - c],
        [left + w - c, top + h],
        [left + c, top + h],
        [left, top + h - c],
        [left, top + c],
      ];
      shape = `<polygon points="${points.map(([px, py]) => `${n(px)},${n(py)}`).join(" ")}" ${paint}/>`;
      break;
    }
    case "barrel":
      shape = `<rect x="${n(left)}" y="${n(top)}" width="${n(w)}" height="${n(h)}" rx="${n(w * 0.12)}" ry="${n(h * 0.4)}" ${paint}/>`;
      break;
    default:
      shape = `<rect x="${n(left)}" y="${n(top)}" width="${n(w)}" height="${n(h)}" rx="8" ${paint}/>`;
  }
  const fontSize = parseFloat(node.style("font-size"));
  const weight = node.style("font-weight");
  const lines = String(node.data("label")).split("\n");
  const first = y - ((lines.length - 1) * fontSize * 1.2) / 2;
  const text = lines
    .map(
      (line, i) =>
        `<text x="${n(x)}" y="${n(first + i * fontSize * 1.2)}" font-size="${n(fontSize)}" font-weight="${weight}" fill="${node.style("color")}" text-anchor="middle" dominant-baseline="central">${escapeXml(line)}</text>`,
    )
    .join("");
  return `<g>${shape}${text}</g>`;
}

/**
 * @param {EdgeSingular} edge
 */
function edgeSvg(edge) {
  const source = edge.sourceEndpoint();
  const target = edge.targetEndpoint();
  const controls = edge.controlPoints() ?? [];
  // Cytoscape draws a bezier edge as quadratic curves through the midpoints of its control points.
  let path = `M ${n(source.x)} ${n(source.y)}`;
  controls.forEach((control, i) => {
    const next = controls[i + 1];
    const end = next === undefined ? target : midpoint(control, next);
    path += ` Q ${n(control.x)} ${n(control.y)} ${n(end.x)} ${n(end.y)}`;
  });
  if (controls.length === 0) path += ` L ${n(target.x)} ${n(target.y)}`;
  const colour = edge.style("line-color");
  const width = parseFloat(edge.style("width"));
  // The type's own dash pattern where it has one (edge-types.js), else a plain dash.
  const pattern = edgeTypeSpec(String(edge.data("type")))?.line["line-dash-pattern"] ?? [6, 4];
  const dash =
    edge.style("line-style") === "dashed"
      ? ` stroke-dasharray="${pattern.join(" ")}"`
      : edge.style("line-style") === "dotted"
        ? ` stroke-dasharray="1 3"`
        : "";
  const from = controls.at(-1) ?? source;
  const angle = Math.atan2(target.y - from.y, target.x - from.x);
  const length = 6 + 2 * width;
  const half = 3 + width;
  /** @param {number} along @param {number} across */
  const at = (along, across) => ({
    x: target.x - along * Math.cos(angle) - across * Math.sin(angle),
    y: target.y - along * Math.sin(angle) + across * Math.cos(angle),
  });
  const arrow = [at(0, 0), at(length, half), at(length, -half)]
    .map((p) => `${n(p.x)},${n(p.y)}`)
    .join(" ");
  return `<g><path d="${path}" fill="none" stroke="${colour}" stroke-width="${n(width)}"${dash}/><polygon points="${arrow}" fill="${colour}"/></g>`;
}

/**
 * @param {Point} at
 * @param {EdgeSingular} edge
 */
function labelSvg(at, edge) {
  const label = String(edge.data("label") ?? "");
  if (label === "") return "";
  const fontSize = parseFloat(edge.style("font-size"));
  const lines = label.split("\n");
  const widest = Math.max(...lines.map((line) => line.length));
  const w = widest * fontSize * 0.6 + 4;
  const h = lines.length * fontSize * 1.2 + 2;
  const weight = edge.style("font-weight");
  const colour = edge.style("color");
  const first = at.y - ((lines.length - 1) * fontSize * 1.2) / 2;
  const text = lines
    .map(
      (line, i) =>
        `<text x="${n(at.x)}" y="${n(first + i * fontSize * 1.2)}" font-size="${n(fontSize)}" font-weight="${weight}" fill="${colour}" text-anchor="middle" dominant-baseline="central">${escapeXml(line)}</text>`,
    )
    .join("");
  return `<g><rect x="${n(at.x - w / 2)}" y="${n(at.y - h / 2)}" width="${n(w)}" height="${n(h)}" fill="#ffffff" fill-opacity="0.85"/>${text}</g>`;
}

/**
 * Offers a file to the user as a download.
 * @param {Blob} blob
 * @param {string} filename
 */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy by now; the delay covers browsers that start it late.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * @param {Point} a
 * @param {Point} b
 * @returns {Point}
 */
function midpoint(a, b) {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** @param {number} value */
function n(value) {
  return String(Math.round(value * 10) / 10);
}

/** @param {string} text */
function escapeXml(text) {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
