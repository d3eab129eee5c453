import { describe, expect, it } from "vitest";
import { checkProxyPath, proxyUrl } from "./proxy-path";

describe("checkProxyPath", () => {
  it.each([
    "v1/introspect",
    "v1/companies/3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11",
    "transactions",
    "v1/a.b/c~d",
    "v1/name%20with%20space",
    "v1/x:y",
  ])("accepts %s", (p) => {
    expect(checkProxyPath(p)).toEqual({ path: p });
  });

  it.each([
    "",
    "..",
    ".",
    "../x",
    "v1/../x",
    "v1/./x",
    "v1/..",
    "%2e%2e",
    "%2E%2E/x",
    "v1/%2e%2e/x",
    ".%2e/x",
    "%2e./x",
    "v1/%2e",
    "v1%2f..%2fx",
    "v1%2Fx",
    "v1/%5c..",
    "v1\\..\\x",
    "\\\\evil.test/x",
    "%5c%5cevil.test",
    "v1//x",
    "/x",
    "x/",
    "http://evil.test/x",
    "https:evil.test",
    "//evil.test",
    "http:%2f%2fevil.test",
    "javascript:alert(1)",
    "%252e%252e/x",
    "v1/%25",
    "v1/%",
    "v1/%zz",
    "v1/%00",
    "v1/a%0d%0aHost:evil",
    "v1/x?y",
    "v1/x#y",
    "v1/%3fy",
    "v1/%23y",
    "v1/\u0000",
    "v1/é",
    "v1/ ",
    "...",
    "v1/....",
    "x".repeat(2049),
  ])("refuses %j", (p) => {
    expect(checkProxyPath(p)).toHaveProperty("refused");
  });
});

describe("proxyUrl", () => {
  it("stays on the API host under its base path", () => {
    expect(proxyUrl("https://partner-api.example/api", "transactions", new URLSearchParams("a=1"))!.href).toBe(
      "https://partner-api.example/api/transactions?a=1",
    );
    expect(proxyUrl("https://external.example", "v1/introspect", new URLSearchParams())!.href).toBe(
      "https://external.example/v1/introspect",
    );
  });
  it("refuses what resolves elsewhere (defence in depth behind checkProxyPath)", () => {
    expect(proxyUrl("https://partner-api.example/api", "../x", new URLSearchParams())).toBeUndefined();
    expect(proxyUrl("https://partner-api.example/api", "//evil.test/x", new URLSearchParams())).toBeUndefined();
    expect(proxyUrl("https://partner-api.example/api", "https://evil.test/x", new URLSearchParams())).toBeUndefined();
  });
});
