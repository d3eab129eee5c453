/** Helpers for the sandbox's own HTTP tests (not a test file itself). */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { SANDBOX_DEFAULTS, startSandbox, type RunningSandbox, type SandboxOptions } from "./index";

export const D = SANDBOX_DEFAULTS;
export const REDIRECT_URI = D.pleoRedirectUris[0];
export const NORDLYS_APS = "3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11";
export const NORDLYS_AB = "3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c12";
export const BRIGHTWATER_LTD = "5b7d9f1a-3c5e-4a7b-9d1f-3e5a7c9b1d21";
export const NORDLYS_GROUP = "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a41";
export const ACME = "6d868483-9043-4ce6-a8ce-a5814de90c0a";
export const GLOBEX = "8a3f2c71-4b5e-4d9a-b1c6-7e2f9d0a3b52";

export function startTestSandbox(opts: SandboxOptions = {}) {
  return startSandbox({ pleoPort: 0, pliantPort: 0, log: () => {}, ...opts });
}

/**
 * One sandbox for the whole test file, on free ports, closed afterwards; the providers named in
 * `reset` are reset before every test (before the file's own beforeEach hooks).
 */
export function useTestSandbox(reset: ("pleo" | "pliant")[] = []) {
  let running: RunningSandbox | undefined;
  const started = () => {
    if (!running) throw new Error("the sandbox starts in beforeAll");
    return running;
  };
  beforeAll(async () => {
    running = await startTestSandbox();
  });
  afterAll(() => running?.close());
  beforeEach(async () => {
    for (const provider of reset)
      await call(provider === "pleo" ? started().pleoUrl : started().pliantUrl, "/__sandbox/reset", {});
  });
  return {
    get pleoUrl() {
      return started().pleoUrl;
    },
    get pliantUrl() {
      return started().pliantUrl;
    },
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function basic(id: string = D.pleoClientId, secret: string = D.pleoClientSecret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

/** JSON call to a control endpoint (or any JSON endpoint). */
// Tests name the fields they read; the default is a loose JSON object.
type Json = Record<string, unknown>;

export async function call<T = Json>(
  base: string,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export function authorizeParams(challenge: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: "code",
    client_id: D.pleoClientId,
    redirect_uri: REDIRECT_URI,
    scope: "export-items:read expenses:read",
    state: "st-123",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...extra,
  };
}

/** A fresh authorization code via the control shortcut (same validation as the page). */
export async function pleoCode(pleoUrl: string, extra: Record<string, string> = {}) {
  const p = pkce();
  const r = await call<{ location: string }>(pleoUrl, "/__sandbox/authorize", {
    company_id: NORDLYS_APS,
    ...authorizeParams(p.challenge),
    ...extra,
  });
  const location = new URL(r.body.location);
  return { code: location.searchParams.get("code") ?? "", verifier: p.verifier, location };
}

export interface TokenBody {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
  error?: string;
  error_description?: string;
}

export async function pleoToken(pleoUrl: string, params: Record<string, string>, auth: string | null = basic()) {
  const res = await fetch(`${pleoUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(auth ? { authorization: auth } : {}) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as TokenBody };
}

/** Full connect: code + exchange. Returns the token response body. */
export async function pleoConnect(pleoUrl: string, extra: Record<string, string> = {}) {
  const { code, verifier } = await pleoCode(pleoUrl, extra);
  const r = await pleoToken(pleoUrl, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
  if (r.status !== 200) throw new Error(`exchange failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export const refreshWith = (pleoUrl: string, refreshToken: string) =>
  pleoToken(pleoUrl, { grant_type: "refresh_token", refresh_token: refreshToken });

export const pleoApi = (pleoUrl: string, path: string, token: string, method = "GET") =>
  fetch(pleoUrl + path, { method, headers: { authorization: `Bearer ${token}` } });

export async function pliantToken(pliantUrl: string, overrides: Record<string, string> = {}) {
  const res = await fetch(`${pliantUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: D.pliantClientId,
      client_secret: D.pliantClientSecret,
      audience: D.pliantAudience,
      grant_type: "client_credentials",
      ...overrides,
    }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { access_token: string; expires_in: number; error?: string },
  };
}

export const pliantApi = (
  pliantUrl: string,
  path: string,
  token: string,
  method = "GET",
  version: string | null = "2.1.0",
) =>
  fetch(`${pliantUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(version ? { "pliant-api-version": version } : {}) },
  });
