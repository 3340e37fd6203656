import path from "node:path";

/**
 * The two Partner Center exports of test/fixtures/partner-center, built from the documentation's
 * sample payloads, and the ids of the one channel they describe: Lucerne Publishing, an indirect
 * provider, supplies First Up Consultants (US) and ReleCloud (BR).
 */
export const PROVIDER_DIR = path.join(
  __dirname,
  "..",
  "fixtures",
  "partner-center",
  "indirect-provider",
);
export const RESELLER_DIR = path.join(
  __dirname,
  "..",
  "fixtures",
  "partner-center",
  "indirect-reseller",
);

/** MPN ids: Lucerne Publishing, First Up Consultants, ReleCloud. */
export const PROVIDER = "4391507";
export const FIRST_UP = "4847383";
export const RELECLOUD = "4847433";

/** Customer tenant ids. */
export const FOURTH_COFFEE = "53eb21cb-6b2d-4ee5-9e92-27dfc927e93c";
export const WINGTIP = "3dfe847b-cad9-4fc1-86d3-cf16c2790087";
export const CONTOSO190 = "c5757d70-06f3-4f23-8367-5a9e55019f94";
export const CONTOSO = "7b26b357-9ca3-48b8-a58e-4febe2662a5d";
/** Only in the reseller's export. */
export const FABRIKAM = "52eaad04-13a2-4a2f-9ce8-93a294fadf36";
