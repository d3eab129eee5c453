import { VirtualClock } from "./clock";
import { Counters } from "./counters";
import { Faults } from "./faults";
import { RequestLog } from "./request-log";

/** The per-provider machinery shared by every handler: clock, counters, request log, faults. */
export class Runtime {
  readonly clock = new VirtualClock();
  readonly counters = new Counters();
  readonly requests = new RequestLog(100);
  readonly faults = new Faults();

  reset(): void {
    this.clock.reset();
    this.counters.reset();
    this.requests.reset();
    this.faults.clear();
  }
}
