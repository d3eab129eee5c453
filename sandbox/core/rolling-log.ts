/**
 * Timestamps (virtual ms) of accepted events, for rolling-window quotas and rate limits.
 * Only accepted events are added, so a client hammering a closed window does not extend it.
 */
export class RollingLog {
  private stamps: number[] = [];

  constructor(private readonly keepMs: number) {}

  countWithin(nowMs: number, windowMs: number): number {
    return this.stamps.filter((s) => s > nowMs - windowMs).length;
  }

  add(nowMs: number): void {
    this.stamps.push(nowMs);
    this.stamps = this.stamps.filter((s) => s > nowMs - this.keepMs);
  }

  /** Seconds until the window holds fewer than `limit` events again (>= 1). */
  retryAfterSec(nowMs: number, windowMs: number, limit: number): number {
    const inWindow = this.stamps.filter((s) => s > nowMs - windowMs);
    const pivot = inWindow[inWindow.length - limit];
    if (pivot === undefined) return 1;
    return Math.max(1, Math.ceil((pivot + windowMs - nowMs) / 1000));
  }
}
