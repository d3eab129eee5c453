import "server-only";

/** The caller's address for throttling: the first X-Forwarded-For hop (set by our proxy), else "local". */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "local";
}
