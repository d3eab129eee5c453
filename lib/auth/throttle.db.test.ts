import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { users } from "@/db/schema";
import { clientAddressOf, SOCKET_ADDRESS_HEADER, SOCKET_FORWARDED_FOR_HEADER } from "./client-address";
import { signInWithCredentials } from "./credentials-sign-in";
import { hashPassword } from "./password";
import { recordSignInAttempt, SIGN_IN_LIMITS, type SignInLimits } from "./throttle";
import { VerifySlots } from "./verify-slots";

/** Limits of their own for each test (a scope), so a small global limit locks nobody else. */
const limits = (overrides: Partial<SignInLimits> = {}): SignInLimits => ({
  ...SIGN_IN_LIMITS,
  scope: `:${randomUUID()}`,
  ...overrides,
});

/** Request headers as the server stamps them: the socket's peer, and X-Forwarded-For as received. */
const fromSocket = (peer: string, forwardedFor?: string) =>
  new Headers({
    [SOCKET_ADDRESS_HEADER]: peer,
    ...(forwardedFor ? { "x-forwarded-for": forwardedFor, [SOCKET_FORWARDED_FOR_HEADER]: forwardedFor } : {}),
  });

const randomIp = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join(".");

async function userWithPassword(password: string) {
  const email = `${randomUUID()}@throttle.test`;
  await db()
    .insert(users)
    .values({ email, role: "partner_staff", passwordHash: await hashPassword(password) });
  return email;
}

describe("the client address", () => {
  it("with no trusted proxy is the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf(fromSocket("203.0.113.9", "1.2.3.4"), 0)).toBe("203.0.113.9");
    expect(clientAddressOf(fromSocket("203.0.113.9", randomIp()), 0)).toBe("203.0.113.9");
  });
  it("behind N trusted proxies is the entry N from the right of X-Forwarded-For + peer", () => {
    // client → nginx (appends client) → ALB (appends nginx) → portal: peer is the ALB.
    expect(clientAddressOf(fromSocket("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1"), 2)).toBe("198.51.100.7");
    expect(clientAddressOf(fromSocket("10.0.0.2", "198.51.100.7"), 1)).toBe("198.51.100.7");
    // Fewer entries than promised proxies: the leftmost, never something further out of reach.
    expect(clientAddressOf(fromSocket("10.0.0.2"), 3)).toBe("10.0.0.2");
  });
  it("without the server's stamp is one shared bucket, not the client's header", () => {
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "1.2.3.4" }), 0)).toBe("unknown");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "1.2.3.4" }), 1)).toBe("unknown");
  });
});

describe("sign-in throttling (real PostgreSQL)", () => {
  it("a random X-Forwarded-For per try does not get past the limit for one email", async () => {
    const email = `${randomUUID()}@throttle.test`;
    const l = limits();
    const outcomes = [];
    for (let i = 0; i < l.pair + 3; i++)
      outcomes.push(
        await signInWithCredentials({ email, password: "wrong-password" }, fromSocket("198.51.100.1", randomIp()), {
          limits: l,
        }),
      );
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(3);
    expect(outcomes.slice(0, l.pair).every((o) => o === null)).toBe(true);
  });

  it("N parallel tries get at most the limit's worth of password checks", async () => {
    const email = await userWithPassword("the-right-password");
    const l = limits({ pair: 5 });
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, () =>
        signInWithCredentials({ email, password: "a-wrong-password" }, fromSocket("198.51.100.2"), {
          limits: l,
          slots: new VerifySlots(4, 100),
        }),
      ),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(5);
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(20);
  });

  it("the right password is refused too once the limit is reached (no oracle), and a success resets the email's counters", async () => {
    const email = await userWithPassword("the-right-password");
    const l = limits({ pair: 3 });
    for (let i = 0; i < 2; i++)
      expect(
        await signInWithCredentials({ email, password: "wrong-one!" }, fromSocket("198.51.100.3"), { limits: l }),
      ).toBeNull();
    const ok = await signInWithCredentials({ email, password: "the-right-password" }, fromSocket("198.51.100.3"), {
      limits: l,
    });
    expect(ok).toMatchObject({ email, sessionVersion: 1 });
    for (let i = 0; i < 3; i++)
      expect(
        await signInWithCredentials({ email, password: "wrong-one!" }, fromSocket("198.51.100.3"), { limits: l }),
      ).toBeNull();
    expect(
      await signInWithCredentials({ email, password: "the-right-password" }, fromSocket("198.51.100.3"), { limits: l }),
    ).toBe("throttled");
  });

  it("spraying one password over many emails from one address hits the address limit", async () => {
    const l = limits({ address: 12 });
    const outcomes = [];
    for (let i = 0; i < 15; i++)
      outcomes.push(
        await signInWithCredentials(
          { email: `${randomUUID()}@spray.test`, password: "Summer2026!" },
          fromSocket("198.51.100.4"),
          { limits: l },
        ),
      );
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(3);
  });

  it("spraying from a different address each time hits the per-account and the global limits", async () => {
    const account = limits({ account: 6 });
    const email = `${randomUUID()}@spray.test`;
    const perAccount = [];
    for (let i = 0; i < 8; i++)
      perAccount.push(
        await signInWithCredentials({ email, password: "Summer2026!" }, fromSocket(randomIp()), { limits: account }),
      );
    expect(perAccount.filter((o) => o === "throttled")).toHaveLength(2);

    const global = limits({ global: 10 });
    const everywhere = [];
    for (let i = 0; i < 12; i++)
      everywhere.push(
        await signInWithCredentials(
          { email: `${randomUUID()}@spray.test`, password: "Summer2026!" },
          fromSocket(randomIp()),
          { limits: global },
        ),
      );
    expect(everywhere.filter((o) => o === "throttled")).toHaveLength(2);
  });

  it("each lockout lasts twice the one before", async () => {
    const l = limits({ pair: 1, windowMs: 1000 });
    const tryOnce = () => recordSignInAttempt("backoff@throttle.test", "198.51.100.5", l);
    expect(await tryOnce()).toEqual({ allowed: true });
    const first = await tryOnce();
    expect(first.allowed).toBe(false);
    expect(!first.allowed && first.retryAfterMs).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await tryOnce()).toEqual({ allowed: true });
    const second = await tryOnce();
    expect(!second.allowed && second.retryAfterMs).toBeGreaterThan(1500);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await tryOnce()).allowed).toBe(false);
  });
});

describe("password verification slots", () => {
  it("run at most `slots` at once, and refuse beyond the queue", async () => {
    const slots = new VerifySlots(2, 3);
    let running = 0;
    let peak = 0;
    const work = async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return "done";
    };
    const results = await Promise.all(Array.from({ length: 7 }, () => slots.run(work)));
    expect(peak).toBe(2);
    expect(results.filter((r) => r === "done")).toHaveLength(5);
    expect(results.filter((r) => r === undefined)).toHaveLength(2);
  });
});
