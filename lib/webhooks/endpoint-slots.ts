import "server-only";

/**
 * At most this many requests in flight to one endpoint from one worker process. A worker runs up to
 * 2 × 10 deliveries at once (delivery-job.ts); the cap keeps one receiver from getting all of them,
 * and bounds the wait: two rounds of 15 s timeouts stay well inside the job's 60 s expiry.
 */
export const MAX_IN_FLIGHT_PER_ENDPOINT = 10;

type Slots = { active: number; waiting: (() => void)[] };
const byEndpoint = new Map<string, Slots>();

/** Run `work` when the endpoint has a free slot in this process; first come, first served. */
export async function withEndpointSlot<T>(
  endpointId: string,
  work: () => Promise<T>,
  limit = MAX_IN_FLIGHT_PER_ENDPOINT,
): Promise<T> {
  let slots = byEndpoint.get(endpointId);
  if (!slots) byEndpoint.set(endpointId, (slots = { active: 0, waiting: [] }));
  if (slots.active < limit) slots.active++;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter; the last one out forgets the endpoint.
    const next = slots.waiting.shift();
    if (next) next();
    else if (--slots.active === 0) byEndpoint.delete(endpointId);
  }
}

/** Requests in flight to an endpoint from this process (tests). */
export function inFlight(endpointId: string): number {
  return byEndpoint.get(endpointId)?.active ?? 0;
}
