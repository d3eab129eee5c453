import "server-only";
import { timedProviderFetch } from "@/lib/metrics/provider-fetch";
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { singleFlight } from "@/lib/single-flight";
import { log } from "@/lib/log";
import { ProviderUnavailable } from "../errors";
import { PLIANT_TIMEOUT_MS, SIGNING_JWKS_PATH, assertSecureUrl } from "./config";
import { env } from "@/lib/env";

/** Keys are reused this long; Pliant rotates rarely, and a failed check refetches anyway. */
const CACHE_MS = 10 * 60_000;
/** A forged or stale signature must not let anyone make us hammer Pliant's JWKS. */
const MIN_REFETCH_MS = 30_000;

const jwks = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      crv: z.string().optional(),
      x: z.string().optional(),
      kid: z.string().optional(),
    }),
  ),
});

type SigningKey = { kid?: string; key: KeyObject };
let cached: { keys: SigningKey[]; fetchedAt: number } | undefined;
let lastFetchAt = 0;
const fetchOnce = singleFlight<SigningKey[]>();

async function fetchKeys(): Promise<SigningKey[]> {
  const url = new URL(SIGNING_JWKS_PATH, `${env().PLIANT_API_URL}/`);
  assertSecureUrl(url);
  lastFetchAt = Date.now();
  let response: Response;
  try {
    response = await timedProviderFetch("pliant", url, {
      headers: { Accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(PLIANT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderUnavailable("pliant", `jwks ${error instanceof Error ? error.name : "network error"}`);
  }
  const parsed = response.ok ? jwks.safeParse(await response.json().catch(() => undefined)) : undefined;
  if (!parsed?.success) throw new ProviderUnavailable("pliant", `jwks answered ${response.status}`);
  // Only Ed25519 keys can verify v1a; anything else in the set is ignored, not an error.
  const keys = parsed.data.keys.flatMap((jwk): SigningKey[] => {
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x) return [];
    try {
      return [{ kid: jwk.kid, key: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" }) }];
    } catch {
      return [];
    }
  });
  cached = { keys, fetchedAt: Date.now() };
  return keys;
}

async function signingKeys(forceRefresh: boolean): Promise<SigningKey[]> {
  if (!forceRefresh && cached && Date.now() - cached.fetchedAt < CACHE_MS) return cached.keys;
  return fetchOnce("jwks", fetchKeys);
}

function verifiesWith(keys: SigningKey[], message: Buffer, signature: Buffer, kid?: string): boolean {
  const candidates = kid ? keys.filter((k) => k.kid === kid) : keys;
  return candidates.some((k) => verify(null, message, k.key, signature));
}

/**
 * True when `signature` is Pliant's Ed25519 signature over `message` with a key of its JWKS (the
 * one named `kid` when given). An unknown key or a failed check refetches the JWKS once, at most
 * every 30 s. Throws ProviderUnavailable when the keys cannot be fetched at all.
 */
export async function verifyPliantSignature(message: string, signature: Buffer, kid?: string): Promise<boolean> {
  const data = Buffer.from(message, "utf8");
  if (verifiesWith(await signingKeys(false), data, signature, kid)) return true;
  if (Date.now() - lastFetchAt < MIN_REFETCH_MS) return false;
  log.info("pliant.jwks.refetch", { kid: kid ?? null });
  return verifiesWith(await signingKeys(true), data, signature, kid);
}

/** Tests start a new sandbox (a new key) per file: forget what this process cached. */
export function forgetSigningKeys(): void {
  cached = undefined;
  lastFetchAt = 0;
}
