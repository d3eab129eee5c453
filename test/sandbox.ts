import { afterAll, beforeAll } from "vitest";
import { sandboxProviderEnv } from "@/scripts/lib/sandbox-env";
import { startSandbox, type RunningSandbox } from "@/sandbox/index";

export type Counters = Record<
  string,
  {
    total: number;
    byStatus?: Record<string, number>;
    byError?: Record<string, number>;
    byGrant?: Record<string, number>;
  }
>;

/** Control of one provider emulator over its real HTTP control API. */
export function control(origin: () => string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin()}/__sandbox/${path}`, {
      method,
      headers: body ? { "Content-Type": "application/json" } : undefined,
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : ((await response.json()) as unknown);
  };
  return {
    reset: () => call("POST", "reset"),
    fault: (rule: Record<string, unknown>) => call("POST", "faults", rule),
    clearFaults: () => call("DELETE", "faults"),
    advanceClock: (seconds: number) => call("POST", "clock", { advanceSeconds: seconds }),
    counters: async () => (await call("GET", "counters")) as Counters,
    post: (path: string, body: unknown) => call("POST", path, body),
    get: (path: string) => call("GET", path),
  };
}

/**
 * Start the sandbox providers for this test file (real HTTP servers on free ports) and point the
 * portal's configuration at them. Call at the top of a file, before any portal code reads env().
 */
export function useSandbox() {
  let running: RunningSandbox | undefined;
  const urls = { pleo: "", pliant: "" };
  beforeAll(async () => {
    running = await startSandbox({ pleoPort: 0, pliantPort: 0, log: () => {} });
    urls.pleo = running.pleoUrl;
    urls.pliant = running.pliantUrl;
    Object.assign(process.env, sandboxProviderEnv(running.pleoUrl, running.pliantUrl), {
      APP_URL: "http://localhost:3000",
    });
  });
  afterAll(async () => {
    await running?.close();
  });
  return { urls, pleo: control(() => urls.pleo), pliant: control(() => urls.pliant) };
}
