import { describe, expect, it } from "vitest";
import { trustedRedirectUrl, withStatus } from "./redirect-url";

const ALLOWED = ["https://app.getpliant.com", "http://127.0.0.1:4020"];
const ORG = "6d868483-9043-4ce6-a8ce-a5814de90c0a";

describe("Pliant redirectUrl allow-list (no open redirect)", () => {
  it.each([
    `https://app.getpliant.com/organizations/${ORG}/integrations`,
    "https://app.getpliant.com/x?tab=partners",
    // Scheme and host case are normalised by the URL parser: still exactly the allowed origin.
    "HTTPS://APP.GETPLIANT.COM/x",
    "http://127.0.0.1:4020/organizations/x/integrations",
  ])("accepts %s", (raw) => {
    expect(trustedRedirectUrl(raw, ALLOWED)?.origin).toBe(new URL(raw).origin);
  });

  it.each([
    ["a foreign origin", "https://evil.example/organizations"],
    ["a look-alike suffix", "https://app.getpliant.com.evil.example/x"],
    ["a look-alike, mixed case", "https://APP.GetPliant.COM.evil.example/x"],
    ["another port", "https://app.getpliant.com:8443/x"],
    ["plain http to a non-loopback allowed host", "http://app.getpliant.com/x"],
    ["a loopback origin that is not allowed", "http://127.0.0.1:9999/x"],
    ["javascript:", "javascript:alert(1)//https://app.getpliant.com"],
    ["JaVaScRiPt: mixed case", "JaVaScRiPt:alert(document.cookie)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["protocol-relative //evil", "//evil.example/x"],
    ["a path only", "/organizations/x"],
    ["scheme without slashes", "https:evil.example"],
    ["user info app@evil", "https://app.getpliant.com@evil.example/x"],
    ["user info app@evil (short)", "https://app@evil"],
    ["empty user info", "https://@app.getpliant.com/x"],
    ["user info with password", "https://a:b@app.getpliant.com/x"],
    ["percent-encoded @", "https://app.getpliant.com%40evil.example/x"],
    ["percent-encoded slash before @", "https://app.getpliant.com%2F@evil.example"],
    ["percent-encoded scheme", "https%3A%2F%2Fevil.example"],
    ["percent-encoded dot host", "https://evil%2Eexample/x"],
    ["backslash authority", "https:\\\\evil.example"],
    ["backslash after host", "https://evil.example\\@app.getpliant.com"],
    ["backslash in path", "https://app.getpliant.com\\..\\evil"],
    ["mixed slashes", "https:/\\evil.example"],
    ["a tab inside", "https://app.getp\tliant.com/x"],
    ["a newline inside", "https://app.getpliant.com/x\n"],
    ["leading space", " https://app.getpliant.com/x"],
    ["empty", ""],
    ["far too long", `https://app.getpliant.com/${"a".repeat(3000)}`],
  ])("refuses %s", (_name, raw) => {
    expect(trustedRedirectUrl(raw, ALLOWED)).toBeUndefined();
  });

  it("appends status and keeps the existing query parameters (replacing an old status)", () => {
    const url = trustedRedirectUrl("https://app.getpliant.com/x?tab=partners&status=old&a=1", ALLOWED)!;
    const back = new URL(withStatus(url, "success"));
    expect(back.origin + back.pathname).toBe("https://app.getpliant.com/x");
    expect([...back.searchParams]).toEqual([
      ["tab", "partners"],
      ["a", "1"],
      ["status", "success"],
    ]);
    expect(withStatus(trustedRedirectUrl("https://app.getpliant.com/x", ALLOWED)!, "error")).toBe(
      "https://app.getpliant.com/x?status=error",
    );
  });
});
