"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { forgotPasswordAction, type ForgotState } from "./actions";

export function ForgotForm() {
  const t = useTranslations("forgot");
  const [state, action, pending] = useActionState<ForgotState, FormData>(forgotPasswordAction, {});
  if (state.sent) {
    return (
      <p
        role="status"
        data-testid="notice"
        className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
      >
        {t("sent")}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-4">
      <div>
        {/* "Email" is fixed by DESIGN.md in every language. */}
        <label htmlFor="email" className="block text-sm font-medium">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          maxLength={320}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {t("submit")}
      </button>
    </form>
  );
}
