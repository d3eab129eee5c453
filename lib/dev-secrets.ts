import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Where local state lives (git-ignored): the embedded database, generated development secrets. */
// turbopackIgnore: the build's file tracer would otherwise copy the whole directory (the local
// database, these secrets) into the standalone output.
export const DATA_DIR = path.join(/* turbopackIgnore: true */ process.cwd(), ".data");

export type DevSecrets = {
  authSecret: string;
  tokenEncryptionKeys: string;
  embeddedPgPassword: string;
  /**
   * NEXT_SERVER_ACTIONS_ENCRYPTION_KEY for npm start / npm run dev. Next salts every server-action
   * id with it and, inside a container, generates a fresh one per run unless given: a restarted
   * `next dev` then compiles different ids over its persistent cache (docs/decisions/010).
   */
  serverActionsKey: string;
};

function generate(): DevSecrets {
  return {
    authSecret: randomBytes(32).toString("base64url"),
    tokenEncryptionKeys: `dev1:${randomBytes(32).toString("base64")}`,
    embeddedPgPassword: randomBytes(18).toString("base64url"),
    serverActionsKey: randomBytes(32).toString("base64"),
  };
}

/**
 * Development only: secrets that are not configured are generated once and kept under the data
 * directory, so restarts keep sessions, stored tokens and server-action ids. Created with O_EXCL
 * so concurrent starters agree; a file from before a secret existed gets the missing one added.
 */
export function loadDevSecrets(dataDir: string = DATA_DIR): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  let stored: Partial<DevSecrets> | undefined;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (stored) {
    if (stored.serverActionsKey) return stored as DevSecrets;
    const completed = { ...generate(), ...stored };
    writeFileSync(file, JSON.stringify(completed, null, 2), { mode: 0o600 });
    return completed;
  }
  const fresh = generate();
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  }
}
