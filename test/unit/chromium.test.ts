import fs from "node:fs";
import { SYSTEM_CHROMIUM, resolveChromium } from "../support/chromium";

describe("the e2e tests' Chromium", () => {
  it("is CHROMIUM_PATH when that is set", async () => {
    const browser = await resolveChromium({ CHROMIUM_PATH: "/opt/chrome" }, () => true);
    expect(browser).toEqual({ path: "/opt/chrome", source: "CHROMIUM_PATH" });
  });

  it("refuses a CHROMIUM_PATH that does not exist rather than test another browser", async () => {
    await expect(
      resolveChromium({ CHROMIUM_PATH: "/nowhere/chrome" }, () => false),
    ).rejects.toThrow("CHROMIUM_PATH is /nowhere/chrome, which does not exist.");
  });

  it("prefers Debian's Chromium when it is installed", async () => {
    const browser = await resolveChromium({}, (file) => file === SYSTEM_CHROMIUM);
    expect(browser).toEqual({ path: SYSTEM_CHROMIUM, source: "system" });
  });

  it("falls back to the Chromium that the npm package ships, inflated to an executable file", async () => {
    const browser = await resolveChromium({}, () => false);
    expect(browser.source).toBe("@sparticuz/chromium");
    expect(browser.path).not.toBe(SYSTEM_CHROMIUM);
    // Executable by this process: what playwright-core will launch.
    expect(() => fs.accessSync(browser.path, fs.constants.X_OK)).not.toThrow();
  }, 60_000);
});
