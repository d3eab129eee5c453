"use server";

import { headers } from "next/headers";
import { clientAddressOf } from "@/lib/auth/client-address";
import { requestLocale } from "@/lib/i18n/request-locale";
import { requestPasswordReset } from "@/lib/people/password-resets";

export type ForgotState = { sent?: boolean };

/** Always the same answer, whether the email exists or not, and whether or not it was throttled. */
export async function forgotPasswordAction(_prev: ForgotState, form: FormData): Promise<ForgotState> {
  const email = form.get("email");
  if (typeof email === "string" && email.length <= 320) {
    await requestPasswordReset(email, clientAddressOf(await headers()), await requestLocale());
  }
  return { sent: true };
}
