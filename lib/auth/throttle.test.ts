import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clearFailures, isThrottled, MAX_FAILURES, recordFailure } from "./throttle";

describe("login throttling (real PostgreSQL)", () => {
  it("pauses one email from one address after 10 failures, and only that pair", async () => {
    const email = `${randomUUID()}@throttle.test`;
    for (let i = 0; i < MAX_FAILURES - 1; i++) await recordFailure(email, "10.0.0.1");
    expect(await isThrottled(email, "10.0.0.1")).toBe(false);
    await recordFailure(email, "10.0.0.1");
    expect(await isThrottled(email, "10.0.0.1")).toBe(true);
    expect(await isThrottled(email.toUpperCase(), "10.0.0.1")).toBe(true);
    expect(await isThrottled(email, "10.0.0.2")).toBe(false);
    await clearFailures(email, "10.0.0.1");
    expect(await isThrottled(email, "10.0.0.1")).toBe(false);
  });
});
