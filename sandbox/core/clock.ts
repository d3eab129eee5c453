/**
 * Virtual clock: real time plus an offset that the control API can advance, so tests can jump
 * past code, token and quota expiries without waiting. Every expiry decision reads this clock.
 */
export class VirtualClock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Only forward: quota windows assume time never runs backwards. */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError("advanceSeconds must be >= 0");
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
