import type { Ecosystem, PartnerRecord } from "./domain";

type RawPartner = Omit<PartnerRecord, "markets"> & { markets?: string[] };
type RawEcosystem = Omit<Ecosystem, "partners"> & { partners: RawPartner[] };

/**
 * Applies the interchange format's defaults (a partner's markets default to its own country).
 * The full check of an untrusted document, naming array and index, is the importer's.
 */
export function normalizeEcosystem(doc: RawEcosystem): Ecosystem {
  return {
    ...doc,
    partners: doc.partners.map((partner) => ({
      ...partner,
      markets: partner.markets ?? [partner.country],
    })),
  };
}
