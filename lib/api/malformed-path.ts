/**
 * A partner API path Next cannot decode (a `%` not followed by two hex digits, or bytes that are
 * not UTF-8, e.g. `%zz`, `%u002e`, `%c0%ae`) makes Next's router throw while it decodes the dynamic
 * segments, before any handler runs: a 500. proxy.ts answers such paths with a 400 problem first.
 */
export function malformedApiPathProblem(pathname: string): Response | undefined {
  if (!pathname.startsWith("/api/v1/")) return undefined;
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return new Response(
      JSON.stringify({
        type: "https://partner-connect.dev/problems/invalid-request",
        title: "The request is not valid",
        status: 400,
        detail: "The path has a malformed percent-encoding",
      }),
      { status: 400, headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store" } },
    );
  }
}
