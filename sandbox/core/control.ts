import { z } from "zod";
import { faultSchema } from "./faults";
import { json, noContent, type Reply } from "./reply";
import type { Ctx, Route } from "./router";
import type { Runtime } from "./runtime";

/** Parses a control request's JSON body with a schema; a bad body is a 400 with the reason. */
export function parseControl<T>(ctx: Ctx, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; reply: Reply } {
  // Lenient about Content-Type so `curl -d '{…}'` works from a terminal.
  let raw: unknown = {};
  try {
    if (ctx.body.length > 0) raw = JSON.parse(ctx.body.toString("utf8")) as unknown;
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    reply: json(400, { error: "invalid_request", error_description: z.prettifyError(parsed.error) }),
  };
}

const clockSchema = z.strictObject({ advanceSeconds: z.number().min(0) });

/** Control routes every provider origin has: reset, faults, clock, counters, request log. */
export function commonControlRoutes(runtime: Runtime, endpointNames: string[], resetProvider: () => void): Route[] {
  const known = new Set(endpointNames);
  return [
    {
      method: "POST",
      path: "/__sandbox/reset",
      name: null,
      handle: () => {
        runtime.reset();
        resetProvider();
        return noContent();
      },
    },
    {
      method: "GET",
      path: "/__sandbox/faults",
      name: null,
      handle: () => json(200, { faults: runtime.faults.list() }),
    },
    {
      method: "POST",
      path: "/__sandbox/faults",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, faultSchema);
        if (!p.ok) return p.reply;
        if (!known.has(p.value.endpoint)) {
          return json(400, {
            error: "unknown_endpoint",
            error_description: `Known endpoints: ${[...known].join(", ")}`,
          });
        }
        return json(201, { id: runtime.faults.add(p.value) });
      },
    },
    {
      method: "DELETE",
      path: "/__sandbox/faults",
      name: null,
      handle: () => {
        runtime.faults.clear();
        return noContent();
      },
    },
    { method: "GET", path: "/__sandbox/clock", name: null, handle: () => json(200, { now: runtime.clock.nowSec() }) },
    {
      method: "POST",
      path: "/__sandbox/clock",
      name: null,
      handle: (ctx) => {
        const p = parseControl(ctx, clockSchema);
        if (!p.ok) return p.reply;
        runtime.clock.advance(p.value.advanceSeconds);
        return json(200, { now: runtime.clock.nowSec() });
      },
    },
    { method: "GET", path: "/__sandbox/counters", name: null, handle: () => json(200, runtime.counters.snapshot()) },
    {
      method: "GET",
      path: "/__sandbox/requests",
      name: null,
      handle: () => json(200, { requests: runtime.requests.list() }),
    },
  ];
}
