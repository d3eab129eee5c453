"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/guards";
import { actorOf } from "@/lib/connections/audit";
import { subscribePliantCallbacks } from "@/lib/connections/pliant/subscribe";
import { log } from "@/lib/log";
import { EndpointRefused } from "@/lib/webhooks/address-policy";
import { addEndpoint, resendDelivery, rotateEndpointSecret, setEndpointEnabled } from "@/lib/webhooks/endpoints";

export type SecretState = { secret?: string; error?: string };
const PAGE = "/settings/webhooks";
const text = (form: FormData, key: string) => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};
const uuid = (form: FormData, key: string) => z.uuid().safeParse(form.get(key)).data;

export async function addEndpointAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const user = await requireStaff(PAGE);
  try {
    const { secret } = await addEndpoint(
      {
        url: text(form, "url"),
        events: form.getAll("events").map((v) => (typeof v === "string" ? v : "")) as never,
        description: text(form, "description"),
      },
      actorOf(user),
    );
    revalidatePath(PAGE);
    return { secret };
  } catch (error) {
    if (error instanceof EndpointRefused) return { error: error.message };
    log.error("webhook.add_failed", { error: error instanceof Error ? error.name : "unknown" });
    return { error: (await getTranslations("webhooks"))("addFailed") };
  }
}

export async function rotateSecretAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const user = await requireStaff(PAGE);
  const id = uuid(form, "endpointId");
  const secret = id ? await rotateEndpointSecret(id, actorOf(user)) : undefined;
  revalidatePath(PAGE);
  return secret ? { secret } : { error: (await getTranslations("webhooks"))("notFound") };
}

export async function setEnabledAction(form: FormData): Promise<void> {
  const user = await requireStaff(PAGE);
  const id = uuid(form, "endpointId");
  if (id) await setEndpointEnabled(id, form.get("enable") === "1", actorOf(user));
  revalidatePath(PAGE);
}

export async function resendAction(form: FormData): Promise<void> {
  await requireStaff(PAGE);
  const id = uuid(form, "endpointId");
  const eventId = z
    .string()
    .regex(/^msg_[A-Za-z0-9_-]{1,64}$/)
    .safeParse(form.get("eventId")).data;
  if (id && eventId) await resendDelivery(eventId, id);
  revalidatePath(PAGE);
}

export async function subscribePliantAction(_prev: SecretState, _form: FormData): Promise<SecretState> {
  const user = await requireStaff(PAGE);
  const t = await getTranslations("webhooks");
  try {
    const result = await subscribePliantCallbacks(actorOf(user));
    return result.ok
      ? { secret: t("subscribed", { url: result.url }) }
      : { error: t("pliantAnswered", { status: result.status }) };
  } catch (error) {
    log.warn("pliant.subscribe_failed", { error: error instanceof Error ? error.name : "unknown" });
    return { error: t("pliantUnreachable") };
  }
}
