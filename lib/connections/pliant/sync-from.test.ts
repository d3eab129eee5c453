import { describe, expect, it } from "vitest";
import { syncFromDate } from "./sync-from";

describe("the workspace default for Pliant's syncFromDate", () => {
  it.each([
    ["first_of_last_month", new Date("2026-11-23T19:00:00Z"), "2026-10-01"],
    ["first_of_last_month", new Date("2026-01-05T00:00:00Z"), "2025-12-01"],
    ["first_of_this_month", new Date("2026-11-23T19:00:00Z"), "2026-11-01"],
    ["organization_created", new Date("2026-11-23T19:00:00Z"), undefined],
  ] as const)("%s at %s → %s (UTC)", (policy, now, expected) => {
    expect(syncFromDate(policy, now)).toBe(expected);
  });
});
