import type { Env } from "@/lib/env";

/** Placeholder until the sandbox lands: no sandbox, the configured providers are used. */
export function sandboxEnvFor(_e: Env): undefined | { env: Record<string, string>; processEnv: Record<string, string>; pleoUrl: string; pliantUrl: string } {
  return undefined;
}
