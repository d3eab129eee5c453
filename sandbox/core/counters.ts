/** Per-endpoint call counters, so tests can assert exact provider traffic. */
export interface EndpointCounts {
  /** Every request that reached the endpoint, including faulted and quota-rejected ones. */
  total: number;
  /** Final outcome: HTTP status, or "dropped" (socket destroyed) / "hung" (never answered). */
  byStatus: Record<string, number>;
  /** The `error` field of JSON error replies (e.g. invalid_grant, too_many_requests). */
  byError: Record<string, number>;
  /** pleo.token only: the form's grant_type ("none" when absent). */
  byGrant: Record<string, number>;
  /** Requests that a fault rule affected. */
  faulted: number;
}

export class Counters {
  private readonly map = new Map<string, EndpointCounts>();

  private entry(name: string): EndpointCounts {
    let e = this.map.get(name);
    if (!e) {
      e = { total: 0, byStatus: {}, byError: {}, byGrant: {}, faulted: 0 };
      this.map.set(name, e);
    }
    return e;
  }

  arrived(name: string, grant: string | undefined): void {
    const e = this.entry(name);
    e.total += 1;
    if (grant !== undefined) bump(e.byGrant, grant);
  }

  faulted(name: string): void {
    this.entry(name).faulted += 1;
  }

  finished(name: string, status: number | "dropped" | "hung", error: string | undefined): void {
    const e = this.entry(name);
    bump(e.byStatus, String(status));
    if (error) bump(e.byError, error);
  }

  snapshot(): Record<string, EndpointCounts> {
    return structuredClone(Object.fromEntries(this.map));
  }

  reset(): void {
    this.map.clear();
  }
}

function bump(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}
