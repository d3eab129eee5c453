/**
 * The path a proxied call may take, checked on the raw (still percent-encoded) text. Only plain
 * relative segments pass: no `.` or `..` (also encoded), no encoded `/` or `\`, no double
 * encoding, no control characters, nothing that looks like a scheme or an authority. Pure, so the
 * hostile cases are unit-tested without a server.
 */
export const MAX_PROXY_PATH = 2048;
export const MAX_PROXY_QUERY = 4096;

const RAW_ALLOWED = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/;
const FORBIDDEN_DECODED = /[/\\%?#\u0000-\u001f\u007f]/;

export type CheckedPath = { path: string } | { refused: string };

export function checkProxyPath(raw: string): CheckedPath {
  if (!raw) return { refused: "A provider path is required after /proxy/" };
  if (raw.length > MAX_PROXY_PATH) return { refused: "The path is too long" };
  if (!RAW_ALLOWED.test(raw)) return { refused: "The path contains characters that are not allowed" };
  const segments = raw.split("/");
  if (segments[0]!.includes(":")) return { refused: "Absolute URLs are not allowed" };
  for (const segment of segments) {
    if (segment === "") return { refused: "Empty path segments are not allowed" };
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { refused: "The path has a malformed percent-encoding" };
    }
    if (decoded === "." || decoded === ".." || /^\.+$/.test(decoded.trim()))
      return { refused: "Dot segments are not allowed" };
    if (FORBIDDEN_DECODED.test(decoded))
      return { refused: "Encoded separators, escapes or control characters are not allowed" };
  }
  return { path: raw };
}

/**
 * The final URL, and a last check that it is on the API host and under its base path (in case
 * URL resolution sees something the segment check did not).
 */
export function proxyUrl(apiBaseUrl: string, path: string, query: URLSearchParams): URL | undefined {
  const base = new URL(`${apiBaseUrl.replace(/\/+$/, "")}/`);
  const url = new URL(path, base);
  const qs = query.toString();
  url.search = qs ? `?${qs}` : "";
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname) || url.username || url.password || url.hash)
    return undefined;
  return url;
}
