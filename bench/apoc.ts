import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/config";

const LAUNCHER_DIR = path.join(PROJECT_ROOT, "neo4j");
const PLUGINS_DIR = path.join(LAUNCHER_DIR, "target", "plugins");

/**
 * The folder with APOC core (and the libraries it needs) for the local Neo4j's plugin_dir,
 * resolved from Maven Central by neo4j/pom.xml's `apoc` profile on first use. Only the
 * benchmark needs it: the Neo4j GraphQL Library checks for APOC's functions at start.
 */
export function resolveApocPlugins(log: (line: string) => void): string {
  const present = (): boolean => {
    const files = fs.existsSync(PLUGINS_DIR) ? fs.readdirSync(PLUGINS_DIR) : [];
    return ["core", "common"].every((part) =>
      files.some((file) => new RegExp(`^apoc-${part}-5\\.26\\.\\d+\\.jar$`).test(file)),
    );
  };
  if (present()) return PLUGINS_DIR;
  log("Resolving APOC core 5.26 with Maven (neo4j/pom.xml, profile apoc)...");
  const mvn = spawnSync(
    "mvn",
    ["-B", "-q", "-f", path.join(LAUNCHER_DIR, "pom.xml"), "-P", "apoc", "compile"],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (mvn.error !== undefined || mvn.status !== 0 || !present()) {
    throw new Error(
      `Maven could not resolve APOC core (exit ${mvn.status}):\n${(mvn.stdout + mvn.stderr).slice(-4000)}`,
    );
  }
  return PLUGINS_DIR;
}
