import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * What a log line should say it belongs to: the request (its x-request-id, set by proxy.ts) or
 * the background job. Inside Next, the request's headers are read from the per-request store that
 * `headers()` itself reads — synchronously, because a log call must not wait. Outside a request
 * (workers, scripts) our own AsyncLocalStorage carries the job's id.
 */
const own = new AsyncLocalStorage<Record<string, string>>();

/** Run fn with these fields on every log line written inside it (e.g. { jobId }). */
export function withLogContext<T>(fields: Record<string, string>, fn: () => T): T {
  return own.run({ ...own.getStore(), ...fields }, fn);
}

export function logContext(): Record<string, string> | undefined {
  const fields = own.getStore();
  if (fields) return fields;
  try {
    const store = workUnitAsyncStorage.getStore() as { headers?: { get(name: string): string | null } } | undefined;
    const id = store?.headers?.get(REQUEST_ID_HEADER);
    return id ? { requestId: id } : undefined;
  } catch {
    return undefined;
  }
}
