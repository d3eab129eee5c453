import "server-only";
import { checkPassword, type PasswordVerdict } from "./password-policy";

/** The new password from a set-password form, checked; `problem` names what to fix. */
export function readNewPassword(
  form: FormData,
  userInputs: string[],
): { password: string; problem?: undefined } | { problem: NonNullable<PasswordVerdict["problem"]> | "mismatch" } {
  const password = form.get("password");
  const confirm = form.get("confirm");
  if (typeof password !== "string" || typeof confirm !== "string") return { problem: "too_short" };
  const verdict = checkPassword(password, userInputs);
  if (verdict.problem) return { problem: verdict.problem };
  if (password !== confirm) return { problem: "mismatch" };
  return { password };
}
