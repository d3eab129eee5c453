import nextPlugin from "@next/eslint-plugin-next";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

// Layer boundaries (issue #12), as import patterns: by alias and by relative path at any depth.
const importsOf = (dir) => ({ regex: `^(@/${dir}|(\\.\\./)+${dir})(/|$)` });
const NO_APP = { ...importsOf("app"), message: "lib/ never imports app/: routes use lib, not the other way round." };
const NO_DB = { ...importsOf("db"), message: "app/ never imports db/: read and write through a lib/ service." };
const NO_CONNECTIONS = {
  regex: "^(@/lib/connections|(\\.\\./)+connections)(/|$)",
  message: "lib/providers speaks HTTP only: it never imports lib/connections.",
};
// Types derived from the schema's enums are erased at build time and load no database.
const NO_DB_BUT_TYPES = {
  ...importsOf("db"),
  allowTypeImports: true,
  message: "lib/providers speaks HTTP only: no database (type-only imports of the schema's enums are fine).",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".next-*/",
      ".data/",
      "db/migrations/",
      "next-env.d.ts",
      "test-results/",
      "playwright-report/",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { drizzle, "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // A Drizzle delete or update without where() would touch every row.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/env.ts (env()), the only module that reads process.env.",
        },
      ],
    },
  },
  {
    // The env module itself, Next's instrumentation switch, and tooling outside the app read the environment.
    files: [
      "lib/env.ts",
      "instrumentation.ts",
      "scripts/**",
      "test/**",
      "sandbox/**",
      "bench/**",
      "e2e/**",
      "*.config.ts",
      "**/*.test.ts",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  { files: ["**/*.mjs"], extends: [tseslint.configs.disableTypeChecked] },
  // Tests beside a route may look at what it stored; the route itself reads and writes through lib/.
  {
    files: ["app/**"],
    ignores: ["app/**/*.test.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_DB] }] },
  },
  { files: ["lib/**"], rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_APP] }] } },
  // Later blocks replace the rule's options for their files, so lib/providers repeats lib/'s pattern.
  {
    files: ["lib/providers/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [NO_APP, NO_CONNECTIONS, NO_DB_BUT_TYPES] }],
    },
  },
);
