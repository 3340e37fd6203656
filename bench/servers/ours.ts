import "reflect-metadata";
import { startApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { announce, stopOnSignal } from "./process";

/**
 * Our server, exactly as `npm start` runs it (startApp), configured by the environment the
 * benchmark passes: NEO4J_URI of the benchmark's database, PORT 0 on 127.0.0.1, no demo data.
 */
async function main(): Promise<void> {
  const app = await startApp(loadConfig(process.env), () => undefined);
  announce(app.url);
  stopOnSignal(() => app.stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
