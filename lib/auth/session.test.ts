import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/env";

// The request headers a Server Component would see through next/headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: () => Promise.resolve(request.headers) }));

const { auth, sessionUserId } = await import("./config");

const COOKIE = "authjs.session-token"; // http APP_URL in tests: no __Secure- prefix
const sub = randomUUID();

function token(opts: { secret?: string; maxAge?: number; salt?: string } = {}) {
  const salt = opts.salt ?? COOKIE;
  return encode({
    token: { sub, email: "a@b.test" },
    secret: opts.secret ?? env().AUTH_SECRET,
    salt,
    maxAge: opts.maxAge ?? 3600,
  });
}

/** The token with the first character of its authentication tag (the JWE's last part) changed. */
function tamperTag(jwe: string): string {
  const parts = jwe.split(".");
  const tag = parts[4]!;
  parts[4] = (tag[0] === "A" ? "B" : "A") + tag.slice(1);
  return parts.join(".");
}

/** What the guards read (sessionUserId) next to what auth() gives a Server Component, for the same request. */
async function both(headers: Record<string, string>) {
  request.headers = new Headers({ host: "localhost:3000", ...headers });
  const session = await auth();
  return { fromAuth: session?.user?.id, fromGuard: await sessionUserId() };
}

describe("sessionUserId reads the session as auth() does", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a valid session cookie gives its user id", async () => {
    expect(await both({ cookie: `${COOKIE}=${await token()}` })).toEqual({ fromAuth: sub, fromGuard: sub });
  });

  it("a session split into chunks (.0, .1) is put back together", async () => {
    const t = await token();
    const cut = Math.floor(t.length / 2);
    expect(await both({ cookie: `other=1; ${COOKIE}.1=${t.slice(cut)}; ${COOKIE}.0=${t.slice(0, cut)}` })).toEqual({
      fromAuth: sub,
      fromGuard: sub,
    });
  });

  it.each([
    ["no cookie", () => Promise.resolve({})],
    ["another cookie only", () => Promise.resolve({ cookie: "theme=dark" })],
    ["a bearer token instead of the cookie", async () => ({ authorization: `Bearer ${await token()}` })],
    [
      "the __Secure- cookie over http",
      async () => ({ cookie: `__Secure-${COOKIE}=${await token({ salt: `__Secure-${COOKIE}` })}` }),
    ],
  ])("%s: nobody", async (_name, headers) => {
    expect(await both(await headers())).toEqual({ fromAuth: undefined, fromGuard: undefined });
  });

  it.each([
    // The first character of the authentication tag: all its six bits count. (The last character of a
    // 16-byte tag carries two unused bits, so changing A to B there left the token valid: 1 run in 16.)
    ["tampered", async () => tamperTag(await token())],
    ["expired", () => token({ maxAge: -60 })],
    ["signed with another secret", () => token({ secret: "another-secret-of-at-least-32-characters!" })],
    ["encrypted for another cookie name", () => token({ salt: "something-else" })],
    ["not a JWT", () => Promise.resolve("garbage")],
  ])("a %s token: nobody, and one log line each", async (_name, make) => {
    const logged = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const result = await both({ cookie: `${COOKIE}=${await make()}` });
    expect(result).toEqual({ fromAuth: undefined, fromGuard: undefined });
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as { event: string; error: string });
    expect(lines.map((l) => [l.event, l.error])).toEqual([
      ["auth", "JWTSessionError"],
      ["auth", "JWTSessionError"],
    ]);
  });
});

describe("a decrypted session is remembered only as long as it is valid", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("a remembered token still ends at its expiry", async () => {
    const cookie = `${COOKIE}=${await token({ maxAge: 60 })}`;
    expect((await both({ cookie })).fromGuard).toBe(sub);
    // Past exp and the decoder's 15 s tolerance: the token must be refused as if never seen.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 76_000 });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await both({ cookie })).toEqual({ fromAuth: undefined, fromGuard: undefined });
  });

  it("a remembered token tampered with, or one of its chunks replaced, is decrypted again and refused", async () => {
    const t = await token();
    expect((await both({ cookie: `${COOKIE}=${t}` })).fromGuard).toBe(sub);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect((await both({ cookie: `${COOKIE}=${tamperTag(t)}` })).fromGuard).toBeUndefined();
    const cut = Math.floor(t.length / 2);
    expect((await both({ cookie: `${COOKIE}.0=${t.slice(0, cut)}; ${COOKIE}.1=${t.slice(cut)}` })).fromGuard).toBe(sub);
    expect(
      (await both({ cookie: `${COOKIE}.0=${t.slice(0, cut)}; ${COOKIE}.1=${tamperTag(t).slice(cut)}` })).fromGuard,
    ).toBeUndefined();
  });

  it("the same token read again gives the same user, with no decryption", async () => {
    const cookie = `${COOKIE}=${await token()}`;
    expect((await both({ cookie })).fromGuard).toBe(sub);
    // What the guard returned came from the remembered entry, under a key made of the session cookie only.
    const { sessionCacheKey, rememberedSession } = await import("./session-cache");
    expect(rememberedSession(sessionCacheKey(cookie, COOKIE)!)).toEqual({ sub, sv: undefined });
    expect(sessionCacheKey("theme=dark; other=1", COOKIE)).toBeUndefined();
  });
});
