import "server-only";

/** Every column that holds vault ciphertext, with the key column its associated data names. */
export const ENCRYPTED_COLUMNS = [
  { table: "connection_credentials", idColumn: "connection_id", columns: ["access_token", "refresh_token"] },
  { table: "oauth_flows", idColumn: "id", columns: ["code_verifier"] },
  { table: "provider_tokens", idColumn: "provider", columns: ["access_token"] },
  { table: "webhook_endpoints", idColumn: "id", columns: ["secret", "previous_secret"] },
] as const;
