import { z } from "zod";

export const faultSchema = z
  .strictObject({
    endpoint: z.string().min(1),
    /** Answer with this status (and a plausible body) without doing the work; also 202 and 204 (bodiless successes). */
    status: z.union([z.literal(202), z.literal(204), z.number().int().min(400).max(599)]).optional(),
    /** Delay, then proceed (or apply the other effects). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Never answer; the socket stays open until the client or the server closes it. */
    hang: z.boolean().optional(),
    /** Do the work, then destroy the socket without a response. */
    dropAfterCommit: z.boolean().optional(),
    /** How many requests it affects; unlimited when absent. */
    times: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
    /** Retry-After seconds for injected 429/503 replies (default 1). */
    retryAfterSec: z.number().int().min(0).optional(),
    /** Replaces the default JSON body of an injected status. */
    body: z.unknown().optional(),
    /** Extra response headers of an injected status (e.g. a quota header on a 429). */
    headers: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().max(1000)).optional(),
  })
  .refine(
    (f) => f.status !== undefined || f.latencyMs !== undefined || f.hang === true || f.dropAfterCommit === true,
    "A fault needs at least one effect: status, latencyMs, hang or dropAfterCommit",
  );

export type Fault = z.infer<typeof faultSchema>;

interface ActiveFault {
  id: number;
  fault: Fault;
  remaining: number;
}

export class Faults {
  private active: ActiveFault[] = [];
  private nextId = 1;

  add(fault: Fault): number {
    const id = this.nextId++;
    this.active.push({ id, fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  /** The first rule for this endpoint that fires for this request; uses up one of its `times`. */
  take(endpoint: string): Fault | undefined {
    for (const rule of this.active) {
      if (rule.fault.endpoint !== endpoint || rule.remaining <= 0) continue;
      if (Math.random() >= (rule.fault.probability ?? 1)) continue;
      rule.remaining -= 1;
      return rule.fault;
    }
    return undefined;
  }

  list(): { id: number; remaining: number | null; fault: Fault }[] {
    return this.active.map((r) => ({
      id: r.id,
      remaining: Number.isFinite(r.remaining) ? r.remaining : null,
      fault: r.fault,
    }));
  }

  clear(): void {
    this.active = [];
  }
}
