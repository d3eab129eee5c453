import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/guards";
import { safeNextPath } from "@/lib/auth/safe-next";
import { env } from "@/lib/env";
import { signInWithSso } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in · Partner Connect Portal" };

/**
 * Auth.js sends failed redirect sign-ins (single sign-on) back here with `?error=<type>`. Only
 * fixed texts are shown, never the parameter itself.
 */
function redirectErrorMessage(error: unknown): string | undefined {
  if (typeof error !== "string" || !error) return undefined;
  if (error === "AccessDenied") {
    return "Your single sign-on account has no access to the Partner Connect Portal. Ask partner staff to add your email address, or sign in with your password.";
  }
  return "Sign-in did not complete. Please try again.";
}

// /sign-in — the partner's own sign-in; `next` brings the user back into a flow (e.g. Pliant's /login).
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await currentUser()) redirect(next);
  const error = redirectErrorMessage(params.error);
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="mb-1 text-2xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Partner Connect Portal</p>
      {error && (
        <p role="alert" data-testid="sign-in-error" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <SignInForm next={next} />
      {env().oidcConfigured && (
        <form action={signInWithSso} className="mt-4">
          <input type="hidden" name="next" value={next} />
          <button type="submit" className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
            Sign in with single sign-on
          </button>
        </form>
      )}
    </main>
  );
}
