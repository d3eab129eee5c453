import "server-only";
import { pleoKeepAliveJob, pliantReconcileJob, remoteRevocationsJob } from "./maintenance-jobs";
import { pleoInstallationActivateJob } from "@/lib/connections/pleo/installation-job";
import type { JobDefinition, JobName } from "./registry";
import { brokenConnectionsDigestJob, connectionRemindersJob } from "@/lib/mail/connection-email-jobs";
import { mailSendJob } from "@/lib/mail/send-job";
import { webhookDeliveryJob } from "@/lib/webhooks/delivery-job";
import { webhookDispatchJob } from "@/lib/webhooks/dispatch-job";

/** Every job a worker handles. A new job is listed here (and its payload type in JobPayloads). */
export const JOBS: { [N in JobName]: JobDefinition<N> } = {
  "pleo-keep-alive": pleoKeepAliveJob,
  "remote-revocations": remoteRevocationsJob,
  "pliant-reconcile": pliantReconcileJob,
  "webhook-dispatch": webhookDispatchJob,
  "webhook-delivery": webhookDeliveryJob,
  "pleo-installation-activate": pleoInstallationActivateJob,
  "mail-send": mailSendJob,
  "connection-reminders": connectionRemindersJob,
  "broken-connections-digest": brokenConnectionsDigestJob,
};

export const ALL_JOBS = Object.values(JOBS) as JobDefinition[];
