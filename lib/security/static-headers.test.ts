import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { SECURITY_HEADERS } from "./static-headers";

describe("security headers", () => {
  it("next.config.ts puts on every response exactly those the proxy's fast path sets", async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toEqual([{ source: "/:path*", headers: SECURITY_HEADERS }]);
  });
});
