/** What an API key may do. Kept apart from the store so pages and schemas can import the list. */
export const API_KEY_SCOPES = ["connections:read", "tokens:issue", "proxy"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  "connections:read": "List and read connections",
  "tokens:issue": "Issue provider access tokens",
  proxy: "Call provider APIs through the proxy",
};
