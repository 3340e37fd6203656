// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "dist-bench/", "neo4j/target/", ".local/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      // Lets consistent-type-imports see that decorated signatures need value imports.
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": [
        "error",
        // type-graphql reads constructor types from decorator metadata, so a class used only
        // in a decorated signature must stay a value import.
        {
          prefer: "type-imports",
          disallowTypeAnnotations: false,
          fixStyle: "separate-type-imports",
        },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "neo4j-driver",
              message: "Only src/db imports neo4j-driver.",
            },
          ],
        },
      ],
    },
  },
  {
    // The CSP rules are pure: no database, no GraphQL (STYLE.md).
    files: ["src/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["neo4j-driver", "graphql", "type-graphql"],
          patterns: ["../db/*", "../errors", "../resolvers/*", "../services/*"],
        },
      ],
    },
  },
  {
    // The benchmark's bare baseline and its id picking talk to Neo4j with the driver directly.
    files: ["src/db/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // Jest loads its global setup and teardown through their default export.
    files: ["test/support/global-*.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", process: "readonly" },
    },
  },
  {
    // The chain explorer's browser code: ES modules loaded by the page, checked by
    // tsconfig.explorer.json through JSDoc types.
    files: ["src/explorer/web/**/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
);
