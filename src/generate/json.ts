import type { ChannelRow } from "./channel";

const SECTIONS: readonly ChannelRow["section"][] = ["partners", "customers", "tenants", "edges"];

/**
 * Renders rows (in section order) as an interchange document, one row per line, in pieces of
 * about `chunkSize` characters: a writer can stream it without the document ever being whole.
 * All four arrays are present, empty ones too.
 */
export function* ecosystemJson(rows: Iterable<ChannelRow>, chunkSize = 1 << 16): Generator<string> {
  let buffer = "{";
  let open = -1;
  let first = true;
  const advanceTo = (section: number): void => {
    while (open < section) {
      if (open >= 0) buffer += "\n]";
      open += 1;
      buffer += `${open === 0 ? "" : ",\n"}"${SECTIONS[open] ?? ""}": [`;
      first = true;
    }
  };
  for (const { section, row } of rows) {
    const at = SECTIONS.indexOf(section);
    if (at < open) throw new Error(`A ${section} row came after the ${SECTIONS[open] ?? ""} rows`);
    advanceTo(at);
    buffer += `${first ? "\n" : ",\n"}${JSON.stringify(row)}`;
    first = false;
    if (buffer.length >= chunkSize) {
      yield buffer;
      buffer = "";
    }
  }
  advanceTo(SECTIONS.length - 1);
  yield `${buffer}\n]}\n`;
}
