/**
 * The security headers of every response. next.config.ts puts them on what Next serves; the
 * partner proxy's fast path (lib/api/proxy-fast-path.ts), which answers before Next's router, sets
 * them itself.
 */
export const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

export const HSTS = "max-age=63072000; includeSubDomains";

/** The policy of an API answer, which is data, never a page: nothing may load or run, nor frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";
