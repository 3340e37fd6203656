import fs from "node:fs";

/** Stops the throwaway Neo4j of global-setup.ts and removes its folder. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__TEST_NEO4J__;
  if (started === undefined) return;
  await started.local.stop();
  fs.rmSync(started.dir, { recursive: true, force: true });
  globalThis.__TEST_NEO4J__ = undefined;
}
