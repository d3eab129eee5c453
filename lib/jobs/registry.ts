import "server-only";
import type { Transaction } from "@/db/client";
import { queue } from "./queue";

/**
 * The typed job API (docs/decisions/020-job-queue.md). A job is a name, a payload type, retry
 * rules and a handler. Add a job: put its payload type in JobPayloads, define it with defineJob in
 * its own file, list it in lib/jobs/catalogue.ts; send one with enqueue(name, payload).
 */
export interface JobPayloads {
  "pleo-keep-alive": Record<string, never>;
  "remote-revocations": Record<string, never>;
  "pliant-reconcile": Record<string, never>;
  /** Fan an outbox event out to every subscribed endpoint (lib/webhooks/dispatch-job.ts). */
  "webhook-dispatch": { eventId: string };
  /** One attempt of one event to one endpoint (lib/webhooks/delivery-job.ts). */
  "webhook-delivery": { eventId: string; endpointId: string; attempt: number };
  /** Attempt n (2, 3, …) to activate a connection's Pleo installation (lib/connections/pleo/installation-job.ts). */
  "pleo-installation-activate": { connectionId: string; workspaceId: string; attempt: number };
  /** One email, sealed with the vault (lib/mail/send.ts). */
  "mail-send": { template: string; ref: string; sealed: string };
  /** Remind customer admins of connections still unresolved after 3 and 7 days. */
  "connection-reminders": Record<string, never>;
  /** The daily digest of broken connections for partner staff. */
  "broken-connections-digest": Record<string, never>;
}

export type JobName = keyof JobPayloads;

export type RetryPolicy = {
  /** Attempts after the first; 0 = never retried. */
  limit: number;
  /** Seconds before the first retry. */
  delaySeconds: number;
  /** Exponential: each retry waits about twice as long as the one before (with jitter). */
  backoff: boolean;
};

export type JobContext = { jobId: string; /** 0 on the first attempt. */ retryCount: number };

export type JobDefinition<N extends JobName = JobName> = {
  name: N;
  /** One line for the staff page. */
  title: string;
  retry: RetryPolicy;
  /** An attempt still running after this long counts as failed (and is retried). */
  expireInSeconds: number;
  /** Scheduled jobs run once per period across all workers; the period can be overridden by config. */
  everySeconds?: number;
  /** How often an idle worker asks for this job (pg-boss's default 2 s; at least 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * Jobs one fetch takes (pg-boss `work({ batchSize })`, default 1). They run in parallel and each is
   * completed or failed on its own; a full batch fetches again at once instead of after the interval.
   */
  batchSize?: number;
  /** Fetch loops per worker process (pg-boss `work` called this many times, default 1): a slow batch holds only its own loop. */
  loops?: number;
  /** Returns a short summary for the staff page (counts; never secrets). Throwing fails the attempt. */
  run: (payload: JobPayloads[N], context: JobContext) => Promise<string>;
};

export function defineJob<N extends JobName>(definition: JobDefinition<N>): JobDefinition<N> {
  return definition;
}

export type EnqueueOptions = {
  /** Run no earlier than this many seconds from now. */
  delaySeconds?: number;
  /** Override the job's retry policy for this one job. */
  retry?: Partial<RetryPolicy>;
  /** Insert the job inside this transaction: it exists exactly when the transaction commits (outbox). */
  tx?: Transaction;
};

/**
 * pg-boss's own SQL on the transaction's connection. Drizzle keeps that pg client in the (private)
 * `session.client` of a node-postgres transaction; pg-boss then runs exactly as on the pool.
 */
function inTransaction(tx: Transaction) {
  const client = (
    tx as unknown as {
      session?: { client?: { query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> } };
    }
  ).session?.client;
  if (!client) throw new Error("enqueue({ tx }) needs a node-postgres drizzle transaction");
  return { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
}

/** Queue a job for a worker: one INSERT, so safe on a request path. Returns the job id. */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<string> {
  const boss = await queue();
  const send = () =>
    boss.send(name, payload, {
      ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
      ...(options.retry?.limit !== undefined ? { retryLimit: options.retry.limit } : {}),
      ...(options.retry?.delaySeconds !== undefined ? { retryDelay: options.retry.delaySeconds } : {}),
      ...(options.retry?.backoff !== undefined ? { retryBackoff: options.retry.backoff } : {}),
      ...(options.tx ? { db: inTransaction(options.tx) } : {}),
    });
  let id = await send();
  // pg-boss inserts only into an existing queue; workers create them at start, but a state change
  // may come before any worker ever ran. Creating it is idempotent (the worker sets its policy).
  if (!id) {
    await boss.createQueue(name);
    id = await send();
  }
  if (!id) throw new Error(`The queue refused a ${name} job`);
  return id;
}
