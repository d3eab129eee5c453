import { describe, expect, it } from "vitest";
import { json, problem } from "./problem";

describe("API JSON answers and compression", () => {
  it("a small answer says no-transform (not worth a zlib stream), a large one may be compressed", () => {
    expect(json({ accessToken: "x".repeat(600) }).headers.get("cache-control")).toBe("no-store, no-transform");
    expect(problem("not-found").headers.get("cache-control")).toBe("no-store, no-transform");
    const page = json({ data: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `connection ${i}` })) });
    expect(page.headers.get("cache-control")).toBe("no-store");
  });
});
