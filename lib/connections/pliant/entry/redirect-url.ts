import "server-only";
import { isLoopbackUrl } from "@/lib/env";

/**
 * Pliant's `redirectUrl` is not signed, so it is the open-redirect risk of the flow. It is used
 * only when it is an absolute https URL (http only on loopback, the sandbox) whose parsed origin
 * is exactly one of the allowed origins, without user info, backslashes or control characters.
 */
export function trustedRedirectUrl(raw: string | undefined, allowedOrigins: readonly string[]): URL | undefined {
  if (!raw || raw.length > 2048) return undefined;
  // Browsers read "\" as "/" and drop tabs/newlines: either can make a URL point elsewhere than it reads.
  if (/[\\\s\u0000-\u001f\u007f]/.test(raw)) return undefined;
  // An explicit scheme with "//": no "https:evil", no "//evil", no "javascript:".
  if (!/^https?:\/\/[^/]/i.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  // User info ("https://app@evil", even an empty "https://@evil") only ever serves to mislead.
  const authority = raw.slice(raw.indexOf("//") + 2).split(/[/?#]/)[0]!;
  if (url.username || url.password || authority.includes("@")) return undefined;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url.href))) return undefined;
  return allowedOrigins.includes(url.origin) ? url : undefined;
}

/** Pliant's way back: the same URL with `status` appended, its other query parameters kept. */
export function withStatus(url: URL, status: "success" | "error"): string {
  const back = new URL(url.href);
  back.searchParams.delete("status");
  back.searchParams.append("status", status);
  return back.href;
}
