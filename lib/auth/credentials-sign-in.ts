import "server-only";
import { z } from "zod";
import { sampledWarn } from "@/lib/log-sampling";
import { clientAddressOf } from "./client-address";
import { verifyPassword } from "./password";
import { type SignInLimits, SIGN_IN_LIMITS, recordSignInAttempt, signInSucceeded } from "./throttle";
import { findUserForSignIn } from "./users";
import { passwordVerifySlots, type VerifySlots } from "./verify-slots";

const credentialsInput = z.object({
  email: z.string().trim().toLowerCase().max(320),
  password: z.string().max(1024),
});

export type SignedInUser = { id: string; email: string; name: string | null; sessionVersion: number };

/**
 * Email + password sign-in. The attempt is counted before the password is verified (so parallel
 * tries cannot outrun the count), and verification runs in a bounded number of slots.
 * "throttled": a limit is reached, or too many verifications are already waiting.
 */
export async function signInWithCredentials(
  raw: unknown,
  headers: Headers,
  options: { limits?: SignInLimits; slots?: VerifySlots } = {},
): Promise<SignedInUser | "throttled" | null> {
  const input = credentialsInput.safeParse(raw);
  if (!input.success || !input.data.email || !input.data.password) return null;
  const { email, password } = input.data;
  const address = clientAddressOf(headers);
  const attempt = await recordSignInAttempt(email, address, options.limits ?? SIGN_IN_LIMITS);
  if (!attempt.allowed) {
    sampledWarn("auth.sign_in.throttled", { retryAfterMs: attempt.retryAfterMs });
    return "throttled";
  }
  const outcome = await (options.slots ?? passwordVerifySlots).run(async () => {
    const user = await findUserForSignIn(email);
    // Unknown email and wrong password take the same path and give the same answer.
    const valid = await verifyPassword(user?.passwordHash, password);
    return valid && user ? user : null;
  });
  if (outcome === undefined) return "throttled";
  if (!outcome) return null;
  await signInSucceeded(email, address, options.limits?.scope);
  return { id: outcome.id, email: outcome.email, name: outcome.name, sessionVersion: outcome.sessionVersion };
}
