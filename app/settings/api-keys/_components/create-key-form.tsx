"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { createApiKeyAction, type CreateKeyState } from "../actions";

// Each scope with its description's key in the catalog (apiKeys.scopeDescriptions).
const SCOPES = [
  ["connections:read", "connectionsRead"],
  ["tokens:issue", "tokensIssue"],
  ["proxy", "proxy"],
] as const;

/** Create: the new key is shown once, with a copy button; reloading the page forgets it. */
export function CreateKeyForm({ workspaces }: { workspaces: string[] }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createApiKeyAction, {});
  const [copied, setCopied] = useState(false);
  const t = useTranslations("apiKeys");
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">{t("createHeading")}</h2>
      {state.key && (
        <div role="status" className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">{t("createdNotice", { name: state.name ?? "" })}</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="new-api-key" className="break-all rounded bg-white px-2 py-1 text-sm">
              {state.key}
            </code>
            <button
              type="button"
              onClick={() => void navigator.clipboard.writeText(state.key!).then(() => setCopied(true))}
              className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
            >
              {copied ? t("copied") : t("copy")}
            </button>
          </div>
        </div>
      )}
      {state.error && (
        <p role="alert" className="mt-4 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <form action={action} className="mt-4 grid gap-4 sm:grid-cols-2">
        <label className="flex flex-col gap-1 text-sm">
          {t("name")}
          <input name="name" required maxLength={100} className="rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {t("workspace")}
          <select name="workspace" defaultValue="" className="rounded-md border border-slate-300 px-3 py-2">
            <option value="">{t("allWorkspaces")}</option>
            {workspaces.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="sm:col-span-2">
          <legend className="text-sm">{t("scopes")}</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {SCOPES.map(([scope, description]) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked />
                <span>
                  <code>{scope}</code> <span className="text-slate-600">{t(`scopeDescriptions.${description}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="sm:col-span-2">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
          >
            {t("create")}
          </button>
        </div>
      </form>
    </section>
  );
}
