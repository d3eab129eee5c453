import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

/**
 * The password rule, the same in the browser (the strength meter) and on the server (the check):
 * at least 10 characters, not in the list of common and breached passwords that
 * @zxcvbn-ts/language-common ships (docs/decisions/072), and a zxcvbn score of at least 3 of 4.
 */
export const MIN_LENGTH = 10;
export const MAX_LENGTH = 1024;
export const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

export type PasswordVerdict = {
  ok: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  problem?: "too_short" | "too_long" | "common" | "weak";
};

/** `userInputs`: words the password must not lean on (the email, the workspace name). */
export function checkPassword(password: string, userInputs: string[] = []): PasswordVerdict {
  if (password.length > MAX_LENGTH) return { ok: false, score: 0, problem: "too_long" };
  // zxcvbn's cost grows with length; the first 100 characters decide the score.
  const result = estimator().check(
    password.slice(0, 100),
    userInputs.flatMap((s) => s.toLowerCase().split(/[^a-z0-9]+/)).filter((s) => s.length >= 3),
  );
  const score = result.score;
  if (password.length < MIN_LENGTH) return { ok: false, score, problem: "too_short" };
  const fromList = (name: string) =>
    result.sequence.every((m) => m.pattern === "dictionary" && m.dictionaryName === name);
  // Made only of listed passwords ("password1234" is "password" + "1234"): refused whatever the score.
  if (fromList("passwords-common"))
    return { ok: false, score: Math.min(score, 1) as PasswordVerdict["score"], problem: "common" };
  if (score < MIN_SCORE || fromList("userInputs"))
    return { ok: false, score: Math.min(score, 2) as PasswordVerdict["score"], problem: "weak" };
  return { ok: true, score };
}
