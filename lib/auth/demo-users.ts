import "server-only";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/seed";
import { verifyPassword } from "./password";
import { findUserForSignIn } from "./users";

/**
 * The demo users whose password is still the published one (README, npm start's console). A
 * production database must have none: three argon2 verifications at start-up, about 0.1 s.
 */
export async function demoUsersWithPublishedPassword(): Promise<string[]> {
  const found: string[] = [];
  for (const { email } of DEMO_USERS) {
    const user = await findUserForSignIn(email);
    if (user?.passwordHash && (await verifyPassword(user.passwordHash, DEMO_PASSWORD))) found.push(email);
  }
  return found;
}
