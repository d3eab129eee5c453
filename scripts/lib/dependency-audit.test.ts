import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { checkDependencies, evaluateAudit, readAllowlist } from "./dependency-audit";

// The shape of `npm audit --json` (npm 7+): an advisory on a direct dependency and a transitive one.
const REPORT = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    next: {
      name: "next",
      severity: "high",
      via: [
        {
          source: 1101,
          name: "next",
          title: "Cache poisoning",
          url: "https://github.com/advisories/GHSA-gp8f-8m3g-qvj9",
          severity: "high",
          range: "<16.0.1",
        },
      ],
    },
    "some-wrapper": { name: "some-wrapper", severity: "moderate", via: ["cookie"] },
    cookie: {
      name: "cookie",
      severity: "low",
      via: [
        {
          source: 1099,
          name: "cookie",
          title: "Out of bounds characters",
          url: "https://github.com/advisories/GHSA-pxg6-pf52-xh8x",
          severity: "low",
          range: "<0.7.0",
        },
      ],
    },
  },
  metadata: { vulnerabilities: { low: 1, moderate: 1, high: 1, critical: 0, total: 3 } },
});
const UNREACHABLE = JSON.stringify({
  message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
  statusCode: 405,
  error: { summary: "", detail: "" },
});

function allowlistFile(advisories: Record<string, string>) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "audit-")), "audit-allowlist.json");
  writeFileSync(file, JSON.stringify({ advisories }));
  return file;
}

describe("the dependency audit step", () => {
  it("lists every advisory once, by GHSA id, and marks the accepted ones", () => {
    const outcome = evaluateAudit(REPORT, { "GHSA-pxg6-pf52-xh8x": "only in the dev server's cookie parser" });
    expect(outcome).toEqual({
      status: "checked",
      staleAllowances: [],
      findings: expect.arrayContaining([
        { id: "GHSA-gp8f-8m3g-qvj9", packageName: "next", severity: "high", title: "Cache poisoning", allowed: false },
        {
          id: "GHSA-pxg6-pf52-xh8x",
          packageName: "cookie",
          severity: "low",
          title: "Out of bounds characters",
          allowed: true,
        },
      ]) as unknown,
    });
  });

  it("fails on an advisory not allow-listed, passes when all are, notes stale allowances", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(
      await checkDependencies(
        allowlistFile({ "GHSA-pxg6-pf52-xh8x": "only in the dev server's cookie parser" }),
        false,
        REPORT,
      ),
    ).toBe(false);
    const all = {
      "GHSA-pxg6-pf52-xh8x": "only in the dev server's cookie parser",
      "GHSA-gp8f-8m3g-qvj9": "we never cache these routes",
      "GHSA-2222-3333-4444": "an old acceptance",
    };
    expect(await checkDependencies(allowlistFile(all), false, REPORT)).toBe(true);
    expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain(
      "GHSA-2222-3333-4444 is allow-listed but no longer reported",
    );
    log.mockRestore();
  });

  it("an unreachable audit endpoint is said plainly; it fails only when required (CI)", async () => {
    expect(evaluateAudit(UNREACHABLE, {})).toEqual({
      status: "unreachable",
      detail: expect.stringContaining("405") as unknown,
    });
    expect(evaluateAudit("", {}).status).toBe("unreachable");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await checkDependencies(allowlistFile({}), false, UNREACHABLE)).toBe(true);
    expect(await checkDependencies(allowlistFile({}), true, UNREACHABLE)).toBe(false);
    expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain("dependency advisories were NOT checked");
    log.mockRestore();
  });

  it("refuses an allow-list entry without a reason or with a made-up id", () => {
    expect(() => readAllowlist(allowlistFile({ "GHSA-pxg6-pf52-xh8x": "" }))).toThrow(/needs a reason/);
    expect(() => readAllowlist(allowlistFile({ "CVE-2024-1": "a reason that is long enough" }))).toThrow(
      /advisory ids/,
    );
  });

  it("the repository's own allow-list is valid", () => {
    expect(readAllowlist("audit-allowlist.json")).toEqual(expect.any(Object));
  });
});
