import "server-only";
import { activatePendingPleoInstallation } from "./installation";
import { defineJob } from "@/lib/jobs/registry";

/**
 * Retry of a failed Pleo installation activation (lib/connections/pleo/installation.ts). The
 * schedule is ours (each attempt queues the next, with backoff, until the activation succeeds or
 * the connection ends); pg-boss's own retries only cover an attempt that crashed.
 */
export const pleoInstallationActivateJob = defineJob({
  name: "pleo-installation-activate",
  title: "Pleo installation activation retries",
  retry: { limit: 3, delaySeconds: 30, backoff: true },
  expireInSeconds: 60,
  run: async ({ connectionId, workspaceId, attempt }) =>
    activatePendingPleoInstallation({ connectionId, workspaceId }, attempt),
});
