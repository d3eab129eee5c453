import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { unsignedEntry } from "@/test/pliant-unsigned-entry";

// A portal served over https, as in production: set before env() is first read.
vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

const { acceptPliantLogin } = await import("./accept");
const { sampledWarn } = await import("@/lib/log-sampling");

describe("unsigned entries and refusals cannot be made without limit", () => {
  it("stores at most the limit's worth of unsigned entries, then sends the admin back with an error", async () => {
    const unsignedLimit = { key: `pliant-entry:unsigned:${randomUUID()}`, max: 5, windowMs: 60_000 };
    const kinds = [];
    for (let i = 0; i < 7; i++) kinds.push((await acceptPliantLogin(unsignedEntry(), { unsignedLimit })).kind);
    expect(kinds).toEqual(["accepted", "accepted", "accepted", "accepted", "accepted", "refused", "refused"]);
  });

  it("logs a refusal reason at most 20 times a minute, then says how many it left out", () => {
    const lines = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const reason = `flood-${randomUUID()}`;
    const t0 = Date.now();
    for (let i = 0; i < 50; i++) sampledWarn("pliant.login.refused", { reason }, 20, t0 + i);
    expect(lines).toHaveBeenCalledTimes(20);
    sampledWarn("pliant.login.refused", { reason }, 20, t0 + 61_000);
    expect(lines).toHaveBeenCalledTimes(21);
    expect(JSON.parse(String(lines.mock.calls[20]![0]))).toMatchObject({
      event: "pliant.login.refused",
      reason,
      suppressedBefore: 30,
    });
    lines.mockRestore();
  });
});
