import type { Ecosystem } from "../../src/domain";
import { generateChannel } from "../../src/generate/channel";
import { ecosystemJson } from "../../src/generate/json";

/** A synthetic channel from the generator, as the interchange text and as a parsed document. */
export function generatedChannel(
  customers: number,
  seed: number,
  invalidRate = 0,
): { text: string; doc: Ecosystem } {
  const text = [...ecosystemJson(generateChannel({ customers, seed, invalidRate }))].join("");
  return { text, doc: JSON.parse(text) as Ecosystem };
}
