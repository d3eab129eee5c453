"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { addEndpointAction, rotateSecretAction, subscribePliantAction, type SecretState } from "../actions";

function Result({ state, label }: { state: SecretState; label: string }) {
  if (state.error)
    return (
      <p role="alert" className="mt-2 text-sm text-red-800">
        {state.error}
      </p>
    );
  if (!state.secret) return null;
  return (
    <p role="status" className="mt-2 text-sm">
      {label}{" "}
      <code data-testid="shown-secret" className="rounded bg-amber-100 px-1 break-all">
        {state.secret}
      </code>
    </p>
  );
}

export function AddEndpointForm() {
  const [state, action, pending] = useActionState(addEndpointAction, {});
  const t = useTranslations("webhooks");
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-4">
      <label className="block text-sm">
        {t("url")}{" "}
        <input
          name="url"
          required
          className="mt-1 w-full rounded border px-2 py-1"
          placeholder="https://backend.example.com/webhooks"
        />
      </label>
      <fieldset className="text-sm">
        <legend>{t("events")}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="mr-3 inline-flex items-center gap-1">
            <input type="checkbox" name="events" value={type} /> {type}
          </label>
        ))}
      </fieldset>
      <label className="block text-sm">
        {t("description")} <input name="description" maxLength={200} className="mt-1 w-full rounded border px-2 py-1" />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1 text-white">
        {t("addEndpoint")}
      </button>
      <Result state={state} label={t("signingSecret")} />
    </form>
  );
}

export function RotateSecretForm({ endpointId }: { endpointId: string }) {
  const [state, action, pending] = useActionState(rotateSecretAction, {});
  const t = useTranslations("webhooks");
  return (
    <form action={action} className="inline">
      <input type="hidden" name="endpointId" value={endpointId} />
      <button type="submit" disabled={pending} className="rounded border px-2 py-0.5 text-sm">
        {t("rotate")}
      </button>
      <Result state={state} label={t("newSecret")} />
    </form>
  );
}

export function SubscribePliantForm() {
  const [state, action, pending] = useActionState(subscribePliantAction, {});
  const t = useTranslations("webhooks");
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className="rounded border px-3 py-1 text-sm">
        {t("subscribe")}
      </button>
      {state.error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : state.secret ? (
        <p role="status" className="mt-2 text-sm">
          {state.secret}
        </p>
      ) : null}
    </form>
  );
}
