import fs from "node:fs";

/** Where the e2e tests' Chromium comes from, for their failure messages and the log. */
export interface ChromiumBinary {
  path: string;
  source: "CHROMIUM_PATH" | "system" | "@sparticuz/chromium";
}

/** Debian's package puts it here. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium the e2e tests drive: CHROMIUM_PATH when set (and it must exist: a typo should not
 * quietly test another browser), else Debian's at /usr/bin/chromium, else the headless shell that
 * the npm package @sparticuz/chromium ships brotli-compressed in its tarball. The last needs
 * nothing but `npm install` (playwright-core downloads no browser of its own, and this machine's
 * network reaches only the package registries); the package inflates it into the temporary
 * folder on first use (about 4 s) and reuses it after.
 */
export async function resolveChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = fs.existsSync,
): Promise<ChromiumBinary> {
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== "") {
    if (!exists(configured)) {
      throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist.`);
    }
    return { path: configured, source: "CHROMIUM_PATH" };
  }
  if (exists(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: "system" };
  // Loaded only here: it is a devDependency, and importing it inflates nothing by itself.
  const { default: packaged } = await import("@sparticuz/chromium");
  return { path: await packaged.executablePath(), source: "@sparticuz/chromium" };
}
