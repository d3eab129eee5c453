import "server-only";

/**
 * At most `slots` password verifications at once per process, at most `queue` waiting. Each argon2
 * verify takes 19 MiB and a libuv thread for tens of milliseconds; without a bound, a burst of
 * sign-ins fills the threadpool (which file and DNS work share) and the memory.
 */
export class VerifySlots {
  private running = 0;
  private peak = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  /** Run `work` in a slot; undefined (and `work` never runs) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queue) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** The most verifications that ran at once (for tests and benchmarks). */
  get peakConcurrency(): number {
    return this.peak;
  }
}

/** The process's slots: two verifications at once (the libuv pool has four threads), 64 waiting. */
export const passwordVerifySlots = new VerifySlots(2, 64);
