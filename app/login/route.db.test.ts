import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { pliantEntries } from "@/db/schema";
import { cancelPliantEntry } from "@/lib/connections/pliant/approve";
import { entryCookieMatches } from "@/lib/connections/pliant/entry/browser-binding";
import { PLIANT_ORGANIZATIONS } from "@/sandbox/index";
import { createAdmin, pliantEntryCount } from "@/test/pliant-fixtures";
import { ORG, PARTNER, nowSec, pliantLinks } from "@/test/pliant-links";
import { useSandbox } from "@/test/sandbox";
import { GET } from "./route";

// The route's HTTP answers (redirects, the binding cookie, error pages); the services behind it are
// tested in lib/connections/pliant/entry/entry.db.test.ts.
const sandbox = useSandbox();
const { freshT, integrations, sign, entryParams } = pliantLinks(sandbox);

async function login(pairs: [string, string][], cookie?: string, acceptLanguage?: string) {
  const url = new URL("http://localhost:3000/login");
  for (const [k, v] of pairs) url.searchParams.append(k, v);
  return GET(
    new NextRequest(url, {
      headers: { ...(cookie ? { cookie } : {}), ...(acceptLanguage ? { "accept-language": acceptLanguage } : {}) },
    }),
  );
}

function expectBackToPliantWithError(response: Response) {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location")!);
  expect(location.origin).toBe(sandbox.urls.pliant);
  expect(location.searchParams.get("status")).toBe("error");
}

describe("GET /login (Pliant entry)", () => {
  beforeAll(async () => {
    await sandbox.pliant.reset();
  });

  it("a valid signed entry → stored, bound to this browser by an HttpOnly cookie, on to the confirm page", async () => {
    const response = await login(await entryParams());
    expect(response.status).toBe(303);
    const id = /^\/connect\/pliant\/([0-9a-f-]{36})$/.exec(response.headers.get("location")!)![1]!;
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^pliant_entry=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    expect(entryCookieMatches(id, /^pliant_entry=([^;]+)/.exec(cookie)![1])).toBe(true);
    const [row] = await db().select().from(pliantEntries).where(eq(pliantEntries.id, id));
    expect(row).toMatchObject({
      organizationId: ORG,
      partnerId: PARTNER,
      status: "awaiting",
      signatureVerified: true,
      redirectUrl: integrations(),
    });
    expect(row!.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
  });

  it.each([
    ["a foreign origin", "https://evil.example/organizations/x/integrations"],
    ["javascript:", "javascript:alert(1)"],
    ["protocol-relative //evil", "//evil.example/x"],
    ["user info https://app@evil", "https://app@evil.example/x"],
    ["user info before the allowed host", "http://127.0.0.1@evil.example/"],
    ["a mixed-case look-alike", "HTTP://127.0.0.1.EVIL.example/x"],
    ["percent-encoded tricks", "http://127.0.0.1%40evil.example/x"],
    ["a percent-encoded scheme", "https%3A%2F%2Fevil.example%2F"],
    ["backslashes", "http:\\\\evil.example\\x"],
    ["a backslash user-info trick", "https://evil.example\\@127.0.0.1/"],
  ])("redirectUrl with %s → a 400 error page, never a redirect, nothing stored", async (_name, redirectUrl) => {
    const before = await pliantEntryCount();
    const response = await login(await entryParams({ redirectUrl }));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain("not accepted");
    expect(await pliantEntryCount()).toBe(before);
  });

  it("the error page speaks the browser's language, or the one chosen in the switcher", async () => {
    const german = await (
      await login(await entryParams({ redirectUrl: "https://evil.example/" }), undefined, "de-DE,de;q=0.9")
    ).text();
    expect(german).toContain('<html lang="de">');
    expect(german).toContain("Dieser Link wurde nicht akzeptiert");
    expect(german).not.toContain("[missing:");
    const chosen = await (
      await login(await entryParams({ redirectUrl: "https://evil.example/" }), "NEXT_LOCALE=sv", "de-DE")
    ).text();
    expect(chosen).toContain("Den här länken godtogs inte");
  });

  it("a trusted origin on another port, an absent or a duplicated redirectUrl → error page, no redirect", async () => {
    const otherPort = new URL(sandbox.urls.pliant);
    otherPort.port = String(Number(otherPort.port) + 1);
    for (const pairs of [
      await entryParams({ redirectUrl: `${otherPort.origin}/x` }),
      await entryParams({ redirectUrl: undefined }),
      await entryParams({}, [["redirectUrl", "https://evil.example/"]]),
    ]) {
      const response = await login(pairs);
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
    }
  });

  it.each([
    ["no signature (required here, as in production)", { t: undefined, v1a: undefined }],
    ["t without v1a", { v1a: undefined }],
    ["a signature over another organization", "other-org"],
    ["a garbage signature", { v1a: "bm90IGEgc2lnbmF0dXJl" }],
    ["an unknown kid", { kid: "not-a-key" }],
    ["an organizationId that is not a UUID", { organizationId: "acme" }],
    ["another partnerId", "other-partner"],
  ] as const)("%s → back to Pliant with status=error, nothing stored", async (_name, change) => {
    const before = await pliantEntryCount();
    let pairs: [string, string][];
    if (change === "other-org") {
      const t = freshT();
      pairs = await entryParams({ t: String(t), v1a: (await sign(t, PLIANT_ORGANIZATIONS[1]!.id)).v1a });
    } else if (change === "other-partner") {
      const t = freshT();
      const other = "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b";
      pairs = await entryParams({ partnerId: other, t: String(t), v1a: (await sign(t, ORG, other)).v1a });
    } else {
      pairs = await entryParams(change);
    }
    expectBackToPliantWithError(await login(pairs));
    expect(await pliantEntryCount()).toBe(before);
  });

  it.each([
    ["without its version prefix (bare base64)", (v1a: string) => v1a.slice("v1a,".length)],
    ["in the base64url alphabet", (v1a: string) => `v1a,${Buffer.from(v1a.slice(4), "base64").toString("base64url")}`],
    ["under another version", (v1a: string) => `v2a,${v1a.slice(4)}`],
  ])(
    "a valid signature %s → refused (only the documented v1a,<base64> form), status=error, nothing stored",
    async (_name, reshape) => {
      const before = await pliantEntryCount();
      const t = freshT();
      expectBackToPliantWithError(await login(await entryParams({ t: String(t), v1a: reshape((await sign(t)).v1a) })));
      expect(await pliantEntryCount()).toBe(before);
    },
  );

  it.each([
    ["6 minutes old", -360],
    ["6 minutes in the future", 360],
  ])("a correctly signed but %s timestamp → status=error", async (_name, offset) => {
    const t = freshT(nowSec() + offset);
    expectBackToPliantWithError(await login(await entryParams({ t: String(t), v1a: (await sign(t)).v1a })));
  });

  it("4 minutes old and the matching kid are fine", async () => {
    const t = freshT(nowSec() - 240);
    const { v1a, kid } = await sign(t);
    expect((await login(await entryParams({ t: String(t), v1a, kid }))).headers.get("location")).toMatch(
      /^\/connect\/pliant\//,
    );
  });

  it("a duplicated parameter with a trusted redirectUrl → status=error, its query parameters kept", async () => {
    const redirectUrl = `${integrations()}?tab=partners`;
    const response = await login(await entryParams({ redirectUrl }, [["organizationId", PLIANT_ORGANIZATIONS[2]!.id]]));
    expectBackToPliantWithError(response);
    expect(new URL(response.headers.get("location")!).searchParams.get("tab")).toBe("partners");
  });
});

/** The `pliant_entry=…` pair /login set, as the browser sends it back. */
const cookieOf = (response: Response) => /^(pliant_entry=[^;]+)/.exec(response.headers.get("set-cookie")!)![1]!;
const entryIdOf = (response: Response) => /([0-9a-f-]{36})$/.exec(response.headers.get("location")!)![1]!;

describe("a signed link is used once", () => {
  it("reloaded in the same browser → the same entry; opened elsewhere → refused, nothing stored", async () => {
    const pairs = await entryParams();
    const first = await login(pairs);
    const confirm = first.headers.get("location")!;
    const count = await pliantEntryCount();

    const reload = await login(pairs, cookieOf(first));
    expect(reload.status).toBe(303);
    expect(reload.headers.get("location")).toBe(confirm);

    for (const cookie of [undefined, "pliant_entry=forged.value"]) {
      const elsewhere = await login(pairs, cookie);
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.headers.get("location")).toBeNull();
      expect(await elsewhere.text()).toContain("already used");
    }
    expect(await pliantEntryCount()).toBe(count);
  });

  it("once decided, even the same browser cannot reuse it (no status=error that would undo it in Pliant)", async () => {
    const user = await createAdmin();
    const pairs = await entryParams();
    const first = await login(pairs);
    await cancelPliantEntry(user, entryIdOf(first), cookieOf(first).slice("pliant_entry=".length));
    const again = await login(pairs, cookieOf(first));
    expect(again.status).toBe(400);
    expect(again.headers.get("location")).toBeNull();
  });
});
