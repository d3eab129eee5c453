"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { PasswordVerdict } from "@/lib/people/password-policy";

export type SetPasswordState = { problem?: NonNullable<PasswordVerdict["problem"]> | "mismatch" };

const BAR = ["bg-red-600", "bg-red-600", "bg-amber-500", "bg-emerald-600", "bg-emerald-700"];

/**
 * New password twice, with the strength the server will check shown as one types (the same
 * zxcvbn rule, loaded on first input). The server action decides; the meter only advises.
 */
export function SetPasswordForm({
  action,
  token,
  submitLabel,
  userInputs,
}: {
  action: (state: SetPasswordState, form: FormData) => Promise<SetPasswordState>;
  token: string;
  submitLabel: string;
  userInputs: string[];
}) {
  const t = useTranslations("password");
  const [state, formAction, pending] = useActionState(action, {});
  const [verdict, setVerdict] = useState<PasswordVerdict | undefined>();
  async function estimate(password: string) {
    if (!password) return setVerdict(undefined);
    const { checkPassword } = await import("@/lib/people/password-policy");
    setVerdict(checkPassword(password, userInputs));
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {state.problem && (
        <p
          role="alert"
          data-testid="form-error"
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {t(`problems.${state.problem}`)}
        </p>
      )}
      <div>
        <label htmlFor="new-password" className="block text-sm font-medium">
          {t("newPassword")}
        </label>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={1024}
          aria-describedby="password-hint password-strength"
          onChange={(e) => void estimate(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
        <p id="password-hint" className="mt-1 text-xs text-slate-600">
          {t("hint")}
        </p>
        <div
          id="password-strength"
          aria-live="polite"
          className="mt-2 text-xs text-slate-700"
          data-testid="password-strength"
        >
          {verdict && (
            <>
              <div className="mb-1 flex gap-1" aria-hidden="true">
                {[0, 1, 2, 3].map((i) => (
                  <span
                    key={i}
                    className={`h-1.5 flex-1 rounded ${i < Math.max(1, verdict.score) ? BAR[verdict.score] : "bg-slate-200"}`}
                  />
                ))}
              </div>
              {t("strength", { level: String(verdict.score) })}
              {verdict.problem && <> — {t(`problems.${verdict.problem}`)}</>}
            </>
          )}
        </div>
      </div>
      <div>
        <label htmlFor="confirm-password" className="block text-sm font-medium">
          {t("confirm")}
        </label>
        <input
          id="confirm-password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-700 px-4 py-2 font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
      >
        {submitLabel}
      </button>
    </form>
  );
}
