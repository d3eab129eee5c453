import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where local state lives (git-ignored): the embedded database, generated development secrets. */
export const DATA_DIR = path.join(process.cwd(), ".data");
const SECRETS_FILE = path.join(DATA_DIR, "dev-secrets.json");

export type DevSecrets = { authSecret: string; tokenEncryptionKeys: string; embeddedPgPassword: string };

/**
 * Development only: secrets that are not configured are generated once and kept under .data/, so
 * restarts keep sessions and stored tokens readable. Created with O_EXCL so concurrent starters agree.
 */
export function loadDevSecrets(): DevSecrets {
  try {
    return JSON.parse(readFileSync(SECRETS_FILE, "utf8")) as DevSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const fresh: DevSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    tokenEncryptionKeys: `dev1:${randomBytes(32).toString("base64")}`,
    embeddedPgPassword: randomBytes(18).toString("base64url"),
  };
  mkdirSync(DATA_DIR, { recursive: true });
  try {
    writeFileSync(SECRETS_FILE, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return JSON.parse(readFileSync(SECRETS_FILE, "utf8")) as DevSecrets;
  }
}
