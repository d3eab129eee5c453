"use server";

import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { safeNextPath } from "@/lib/auth/safe-next";

/** A text field of a form; a file or a missing field reads as "". */
function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** `error` is a catalog key under signIn.errors. */
export type SignInState = { error?: "tooManyAttempts" | "invalid"; email?: string };

export async function signInWithPassword(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = formText(form, "email").slice(0, 320);
  try {
    await signIn("credentials", {
      email,
      password: formText(form, "password"),
      redirectTo: safeNextPath(form.get("next")),
    });
    return {};
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the user.
    if (!(error instanceof AuthError)) throw error;
    if (error instanceof CredentialsSignin && error.code === "too_many_attempts") {
      return { email, error: "tooManyAttempts" };
    }
    return { email, error: "invalid" };
  }
}

export async function signInWithSso(form: FormData): Promise<void> {
  try {
    await signIn("oidc", { redirectTo: safeNextPath(form.get("next")) });
  } catch (error) {
    // Success "throws" Next's redirect to the identity provider; an Auth.js error (e.g. the
    // identity provider unreachable) comes back to the sign-in page with a message.
    if (!(error instanceof AuthError)) throw error;
    redirect("/sign-in?error=Configuration");
  }
}
