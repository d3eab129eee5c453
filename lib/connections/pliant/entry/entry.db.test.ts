import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { connections, pliantEntries } from "@/db/schema";
import { createAdmin, pliantEntryCount } from "@/test/pliant-fixtures";
import { ORG, pliantLinks } from "@/test/pliant-links";
import { useSandbox } from "@/test/sandbox";
import { approvePliantEntry, cancelPliantEntry } from "../approve";
import { findPliantEntry } from "./store";
import { entryCookieMatches } from "./browser-binding";
import { acceptPliantLogin } from "./accept";

// The entry services; GET /login's HTTP answers are tested beside the route (app/login/route.db.test.ts).
const sandbox = useSandbox();
const { integrations, entryParams } = pliantLinks(sandbox);

/** A new accepted entry: its id and the binding cookie value its browser holds. */
async function accepted(): Promise<{ id: string; cookie: string }> {
  const outcome = await acceptPliantLogin(new URLSearchParams(await entryParams()));
  if (outcome.kind !== "accepted") throw new Error(`entry ${outcome.kind}`);
  return { id: outcome.entryId, cookie: outcome.cookie };
}

describe("deciding an entry", () => {
  async function newEntry(): Promise<string> {
    return (await accepted()).id;
  }

  it("is single-use: a replayed Cancel or Approve changes nothing", async () => {
    const user = await createAdmin();
    const { id, cookie } = await accepted();
    const first = await cancelPliantEntry(user, id, cookie);
    expect(first).toEqual({ location: `${integrations()}?status=error` });
    expect(await cancelPliantEntry(user, id, cookie)).toEqual({ refused: "entry-unavailable" });
    expect(await approvePliantEntry(user, id, cookie)).toEqual({ refused: "entry-unavailable" });
    const [row] = await db().select().from(pliantEntries).where(eq(pliantEntries.id, id));
    expect(row).toMatchObject({ status: "cancelled", decidedByUserId: user.id, connectionId: null });
  });

  it("entries a day past their expiry are deleted when a new one arrives; younger ones stay", async () => {
    const old = await newEntry();
    const recent = await newEntry();
    await db()
      .update(pliantEntries)
      .set({ expiresAt: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(pliantEntries.id, old));
    await db()
      .update(pliantEntries)
      .set({ expiresAt: new Date(Date.now() - 23 * 3600_000) })
      .where(eq(pliantEntries.id, recent));
    await newEntry();
    const left = (await db().select({ id: pliantEntries.id }).from(pliantEntries)).map((r) => r.id);
    expect(left).not.toContain(old);
    expect(left).toContain(recent);
  });

  it("an expired entry cannot be approved", async () => {
    const user = await createAdmin();
    const { id, cookie } = await accepted();
    await db()
      .update(pliantEntries)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(pliantEntries.id, id));
    expect(await approvePliantEntry(user, id, cookie)).toEqual({ refused: "entry-unavailable" });
    const [row] = await db().select().from(pliantEntries).where(eq(pliantEntries.id, id));
    expect(row!.status).toBe("awaiting");
  });

  it("the browser binding cookie of one entry does not open another", async () => {
    const [a, b] = [await accepted(), await accepted()];
    // A's real cookie opens A (the check below is not vacuous) and not B …
    expect(entryCookieMatches(a.id, a.cookie)).toBe(true);
    expect(entryCookieMatches(b.id, a.cookie)).toBe(false);
    // … nor does A's MAC under B's id, nor no cookie at all.
    expect(entryCookieMatches(b.id, `${b.id}.${a.cookie.split(".")[1]}`)).toBe(false);
    expect(entryCookieMatches(b.id, undefined)).toBe(false);
    expect(entryCookieMatches(b.id, b.cookie)).toBe(true);
  });
});

describe("the services check the browser binding themselves", () => {
  it.each([
    ["no cookie", () => undefined],
    ["another entry's cookie", (other: string) => other],
    ["a forged cookie", () => "forged.value"],
  ])("Approve and Cancel with %s → refused, the entry still awaiting, nothing linked", async (_name, cookieFor) => {
    const user = await createAdmin();
    const entry = await accepted();
    const other = await accepted();
    const before = await pliantEntryCount();
    expect(await approvePliantEntry(user, entry.id, cookieFor(other.cookie))).toEqual({ refused: "other-browser" });
    expect(await cancelPliantEntry(user, entry.id, cookieFor(other.cookie))).toEqual({ refused: "other-browser" });
    const [row] = await db().select().from(pliantEntries).where(eq(pliantEntries.id, entry.id));
    expect(row).toMatchObject({ status: "awaiting", decidedByUserId: null, connectionId: null });
    expect(await db().select().from(connections).where(eq(connections.externalId, ORG))).toEqual([]);
    expect(await pliantEntryCount()).toBe(before);
    // The entry's own cookie still decides it: the refusal above was about the browser only.
    expect(await cancelPliantEntry(user, entry.id, entry.cookie)).toEqual({
      location: `${integrations()}?status=error`,
    });
  });

  it("the confirm page's view says whether this browser is the entry's", async () => {
    const entry = await accepted();
    expect(await findPliantEntry(entry.id, entry.cookie)).toMatchObject({
      id: entry.id,
      state: "awaiting",
      bound: true,
    });
    expect(await findPliantEntry(entry.id, undefined)).toMatchObject({ id: entry.id, state: "awaiting", bound: false });
    expect(await findPliantEntry(entry.id, (await accepted()).cookie)).toMatchObject({ bound: false });
  });
});
