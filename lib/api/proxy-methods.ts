/** The methods the proxy forwards (HEAD is served by GET in the document). */
export const PROXY_METHODS_FOR_DOCS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
