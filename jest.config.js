// @ts-check
/**
 * Two tiers (STYLE.md): unit tests need no database; integration tests run against a real Neo4j.
 * The e2e tests drive the chain explorer in a headless Chromium against the same real Neo4j.
 */
// tsconfig.json sets isolatedModules, so ts-jest only transpiles each file (keeping decorator
// metadata); the types are checked once, by `npm run check`.
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];

/** @type {import('jest').Config} */
module.exports = {
  // Integration files share one database and reset it, so they run one at a time.
  maxWorkers: 1,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
  // Starting a JVM and a real database in a hook takes seconds, not jest's default 5.
  testTimeout: 120_000,
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/test/unit/**/*.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      setupFiles: ["reflect-metadata"],
      testEnvironment: "node",
    },
    {
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.int.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      setupFiles: ["reflect-metadata"],
      testEnvironment: "node",
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
    {
      // The chain explorer in a real headless Chromium against the real server and Neo4j.
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.e2e.test.ts"],
      transform: { "^.+\\.ts$": tsJest },
      setupFiles: ["reflect-metadata"],
      testEnvironment: "node",
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
  ],
};
