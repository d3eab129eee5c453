import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each(["/dashboard", "/connect/pliant/abc?x=1", "/login?organizationId=1"])("keeps %s", (p) => {
    expect(safeNextPath(p)).toBe(p);
  });
  it.each([
    "https://evil.test",
    "//evil.test",
    "/\\evil.test",
    "javascript:alert(1)",
    "dashboard",
    "/a\nb",
    42,
    undefined,
  ])("refuses %s", (p) => expect(safeNextPath(p)).toBe("/dashboard"));
});
