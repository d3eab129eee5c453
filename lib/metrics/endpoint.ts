/**
 * A provider path as a metric label: query dropped, every id-like segment replaced by ":id", so
 * `v1/companies/6d86…` and `organizations/8a3f…/activate` stay a handful of series, not one per id.
 */
const ID_SEGMENT = /^(\d+|[0-9a-f-]{16,}|[A-Za-z0-9_-]{24,})$|[:%]/i;

export function endpointTemplate(path: string): string {
  const pathname = path.split(/[?#]/)[0]!.replace(/^\/+|\/+$/g, "");
  return (
    "/" +
    pathname
      .split("/")
      .map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment))
      .join("/")
  );
}
