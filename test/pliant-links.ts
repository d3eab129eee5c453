import { PLIANT_ORGANIZATIONS, SANDBOX_DEFAULTS } from "@/sandbox/index";
import type { useSandbox } from "./sandbox";

export const ORG = PLIANT_ORGANIZATIONS[0]!.id;
export const PARTNER = SANDBOX_DEFAULTS.pliantPartnerId;
export const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * Pliant's signed entry links, made by the sandbox's signer. A signed link is (t, partner,
 * organization) and the portal accepts each once, so every link a test file signs gets a t of its
 * own: counted down from one base taken once (never from the wall clock again: a second boundary
 * passing between two calls would hand out the same t twice), skipping any t already used. 300
 * links would be needed before the oldest leaves the ±5 minute window. One per test file.
 */
export function pliantLinks(sandbox: ReturnType<typeof useSandbox>) {
  const BASE_T = nowSec();
  const usedT = new Set<number>();
  function freshT(near: number = BASE_T): number {
    let t = near;
    while (usedT.has(t)) t--;
    usedT.add(t);
    return t;
  }
  const integrations = () => `${sandbox.urls.pliant}/organizations/${ORG}/integrations`;

  async function sign(t: number, organizationId: string = ORG, partnerId: string = PARTNER) {
    return (await sandbox.pliant.post("sign", { t, organizationId, partnerId })) as { v1a: string; kid: string };
  }

  /** Pliant's entry as a list of pairs (so a test can repeat a name), signed unless told otherwise. */
  async function entryParams(
    over: Record<string, string | undefined> = {},
    extra: [string, string][] = [],
  ): Promise<[string, string][]> {
    const t = freshT();
    const { v1a } = await sign(t);
    const base: Record<string, string | undefined> = {
      organizationId: ORG,
      redirectUrl: integrations(),
      partnerId: PARTNER,
      t: String(t),
      v1a,
      ...over,
    };
    return [
      ...Object.entries(base).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, string]])),
      ...extra,
    ];
  }

  return { freshT, integrations, sign, entryParams };
}
