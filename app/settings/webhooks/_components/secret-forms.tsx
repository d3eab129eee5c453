"use client";
import { useActionState } from "react";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { addEndpointAction, rotateSecretAction, subscribePliantAction, type SecretState } from "../actions";

function Result({ state, label }: { state: SecretState; label: string }) {
  if (state.error) return <p role="alert" className="mt-2 text-sm text-red-800">{state.error}</p>;
  if (!state.secret) return null;
  return (
    <p role="status" className="mt-2 text-sm">
      {label} <code data-testid="shown-secret" className="rounded bg-amber-100 px-1 break-all">{state.secret}</code>
    </p>
  );
}

export function AddEndpointForm() {
  const [state, action, pending] = useActionState(addEndpointAction, {});
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-4">
      <label className="block text-sm">URL <input name="url" required className="mt-1 w-full rounded border px-2 py-1" placeholder="https://backend.example.com/webhooks" /></label>
      <fieldset className="text-sm">
        <legend>Events (none = all)</legend>
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="mr-3 inline-flex items-center gap-1"><input type="checkbox" name="events" value={t} /> {t}</label>
        ))}
      </fieldset>
      <label className="block text-sm">Description <input name="description" maxLength={200} className="mt-1 w-full rounded border px-2 py-1" /></label>
      <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1 text-white">Add endpoint</button>
      <Result state={state} label="Signing secret (shown once):" />
    </form>
  );
}

export function RotateSecretForm({ endpointId }: { endpointId: string }) {
  const [state, action, pending] = useActionState(rotateSecretAction, {});
  return (
    <form action={action} className="inline">
      <input type="hidden" name="endpointId" value={endpointId} />
      <button type="submit" disabled={pending} className="rounded border px-2 py-0.5 text-sm">Rotate secret</button>
      <Result state={state} label="New secret (shown once; the old one also signs for 24 h):" />
    </form>
  );
}

export function SubscribePliantForm() {
  const [state, action, pending] = useActionState(subscribePliantAction, {});
  return (
    <form action={action}>
      <button type="submit" disabled={pending} className="rounded border px-3 py-1 text-sm">Subscribe to Pliant callbacks</button>
      {state.error ? <p role="alert" className="mt-2 text-sm text-red-800">{state.error}</p> : state.secret ? <p role="status" className="mt-2 text-sm">{state.secret}</p> : null}
    </form>
  );
}
