/**
 * True when the browser says the request came from another site (Fetch Metadata). A top-level
 * GET from a link on another site carries `Sec-Fetch-Site: cross-site`; our own pages send
 * `same-origin`, a typed URL or bookmark `none`. Old browsers send nothing: let them through.
 * `same-site` (a sibling subdomain) is another application too, so it counts as foreign.
 */
export function isForeignNavigation(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "none";
}
