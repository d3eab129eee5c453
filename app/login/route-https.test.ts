import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { unsignedEntry } from "@/test/pliant-unsigned-entry";

// A portal served over https, as in production: set before env() is first read.
vi.hoisted(() => {
  process.env.APP_URL = "https://portal.example.test";
});

const { GET } = await import("./route");

describe("the Pliant entry over https", () => {
  it("binds the browser with a __Host- cookie: Secure, Path=/, no Domain, HttpOnly", async () => {
    const response = await GET(new NextRequest(`https://portal.example.test/login?${unsignedEntry()}`));
    expect(response.status).toBe(303);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-pliant_entry=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax; Secure$/);
    expect(cookie).not.toMatch(/domain=/i);
  });
});
