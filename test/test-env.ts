import { randomBytes } from "node:crypto";

/** Fresh secrets for one test run: nothing from a developer's .data/ leaks into tests. */
export function testSecrets(): Record<string, string> {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString("base64")}`,
    // /api/metrics exists only with a token (e2e/operations.spec.ts).
    METRICS_TOKEN: randomBytes(24).toString("base64url"),
  };
}
