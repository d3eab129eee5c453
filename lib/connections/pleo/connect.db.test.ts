import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { auditEvents, connections, oauthFlows } from "@/db/schema";
import type { AdminUser } from "@/lib/auth/guards";
import { PLEO_COMPANIES } from "@/sandbox/index";
import { createAdmin } from "@/test/pleo-fixtures";
import { useSandbox } from "@/test/sandbox";
import { completePleoConnect, FlowRejected, startPleoConnect } from "./connect";

const sandbox = useSandbox();

/** Start a flow as `user`, let the sandbox answer as the customer would, return the callback's query. */
async function authorize(
  user: AdminUser,
  opts: { company?: string; organisation?: string; decision?: "allow" | "deny"; reconnect?: string } = {},
) {
  const url = await startPleoConnect(user, opts.reconnect);
  if (typeof url === "string") throw new Error(url);
  const q = url.searchParams;
  const { location } = (await sandbox.pleo.post("authorize", {
    ...Object.fromEntries(
      ["client_id", "redirect_uri", "scope", "code_challenge", "code_challenge_method", "state"].map((k) => [
        k,
        q.get(k),
      ]),
    ),
    // An organisation-wide grant names the organisation instead of a company.
    ...(opts.organisation
      ? { organisation_id: opts.organisation }
      : { company_id: opts.company ?? PLEO_COMPANIES[2]!.id }),
    decision: opts.decision ?? "allow",
  })) as { location: string };
  return new URL(location).searchParams;
}

const connectionsOf = (workspaceId: string) =>
  db().select().from(connections).where(eq(connections.workspaceId, workspaceId));

describe("Pleo connect flow (real PostgreSQL, sandbox Pleo)", () => {
  beforeEach(async () => {
    await sandbox.pleo.reset();
    // Demo companies are shared by every test here; other files use their own external ids.
    const demoIds = [...PLEO_COMPANIES.map((c) => c.id), ...PLEO_COMPANIES.map((c) => c.organizationId)];
    await db()
      .delete(connections)
      .where(and(eq(connections.provider, "pleo"), inArray(connections.externalId, demoIds)));
  });

  it("sends S256 PKCE, a 256-bit state and the exact redirect URI; stores only the state's hash", async () => {
    const user = await createAdmin();
    const url = await startPleoConnect(user);
    if (typeof url === "string") throw new Error(url);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/connect/pleo/callback");
    const state = url.searchParams.get("state")!;
    expect(Buffer.from(state, "base64url")).toHaveLength(32);
    const flows = await db().select().from(oauthFlows).where(eq(oauthFlows.userId, user.id));
    expect(flows).toHaveLength(1);
    expect(JSON.stringify(flows)).not.toContain(state);
    expect(flows[0]!.codeVerifier).toMatch(/^v1\./);
  });

  it("connects, names the company, and refuses a replay of the same callback", async () => {
    const user = await createAdmin();
    const callback = await authorize(user);
    expect(await completePleoConnect(user, callback)).toBe("pleo-connected");
    const [c] = await connectionsOf(user.workspaceId);
    expect(c).toMatchObject({
      status: "active",
      externalId: PLEO_COMPANIES[2]!.id,
      externalName: PLEO_COMPANIES[2]!.name,
      externalUrn: `urn:pleo:company:${PLEO_COMPANIES[2]!.id}`,
    });
    await expect(completePleoConnect(user, callback)).rejects.toEqual(new FlowRejected("used"));
    expect(await connectionsOf(user.workspaceId)).toHaveLength(1);
  });

  it("activates Pleo's installation after connecting; a failed activation is audited and never fails the connect", async () => {
    const user = await createAdmin();
    expect(await completePleoConnect(user, await authorize(user))).toBe("pleo-connected");
    type Installations = { installations: { resource: string; status: string; history: string[] }[] };
    const first = (await sandbox.pleo.get("installations")) as Installations;
    expect(first.installations).toEqual([
      expect.objectContaining({
        resource: `urn:pleo:company:${PLEO_COMPANIES[2]!.id}`,
        status: "ACTIVATED",
        history: ["AUTHORIZED", "ACTIVATED"],
      }),
    ]);
    expect((await sandbox.pleo.counters())["pleo.installations.activate"]).toMatchObject({
      total: 1,
      byStatus: { "200": 1 },
    });

    const other = await createAdmin();
    await sandbox.pleo.fault({ endpoint: "pleo.installations.activate", status: 503, times: 1 });
    expect(await completePleoConnect(other, await authorize(other, { company: PLEO_COMPANIES[3]!.id }))).toBe(
      "pleo-connected",
    );
    const [c] = await connectionsOf(other.workspaceId);
    const trail = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.connectionId, c!.id));
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(["connection.connected", "installation.report_failed"]),
    );
  });

  it("refuses another user's state, a forged state and duplicated parameters, storing nothing", async () => {
    const owner = await createAdmin();
    const intruder = await createAdmin();
    const callback = await authorize(owner);
    await expect(completePleoConnect(intruder, callback)).rejects.toEqual(new FlowRejected("other_user"));
    const forged = new URLSearchParams({ state: "forged", code: callback.get("code")! });
    await expect(completePleoConnect(owner, forged)).rejects.toEqual(new FlowRejected("unknown"));
    const doubled = new URLSearchParams(callback);
    doubled.append("state", "other");
    await expect(completePleoConnect(owner, doubled)).rejects.toEqual(new FlowRejected("malformed"));
    expect(await connectionsOf(intruder.workspaceId)).toHaveLength(0);
    // The owner's flow was not burnt by the intruder: it still completes.
    expect(await completePleoConnect(owner, callback)).toBe("pleo-connected");
  });

  it("a flow lives 10 minutes: a callback just inside works, one just past is refused as expired", async () => {
    const ageFlowsOf = (user: AdminUser, seconds: number) =>
      db()
        .update(oauthFlows)
        .set({ expiresAt: sql`${oauthFlows.expiresAt} - make_interval(secs => ${seconds})` })
        .where(eq(oauthFlows.userId, user.id));
    // 9 minutes 50 seconds after the start: still in time.
    const early = await createAdmin();
    const inTime = await authorize(early);
    await ageFlowsOf(early, 590);
    expect(await completePleoConnect(early, inTime)).toBe("pleo-connected");
    // 10 minutes and 1 second after the start: the same callback is refused, nothing connected.
    const late = await createAdmin();
    const tooLate = await authorize(late, { company: PLEO_COMPANIES[1]!.id });
    await ageFlowsOf(late, 601);
    await expect(completePleoConnect(late, tooLate)).rejects.toEqual(new FlowRejected("expired"));
    expect(await connectionsOf(late.workspaceId)).toHaveLength(0);
  });

  it("Deny ends with a message and no connection", async () => {
    const user = await createAdmin();
    expect(await completePleoConnect(user, await authorize(user, { decision: "deny" }))).toBe("pleo-denied");
    expect(await connectionsOf(user.workspaceId)).toHaveLength(0);
  });

  it("an organisation grant keeps its URN and gets a name", async () => {
    const user = await createAdmin();
    const query = await authorize(user, { organisation: PLEO_COMPANIES[0]!.organizationId });
    expect(await completePleoConnect(user, query)).toBe("pleo-connected");
    const [c] = await connectionsOf(user.workspaceId);
    expect(c!.externalUrn).toBe(`urn:pleo:organisation:${PLEO_COMPANIES[0]!.organizationId}`);
    // Pleo has no name endpoint for an organisation: the portal names it after the id's first 8 characters.
    expect(c!.externalName).toBe(`Pleo organisation ${PLEO_COMPANIES[0]!.organizationId.slice(0, 8)}`);
  });

  it("the same company in another workspace is refused; in the same workspace it is the same connection", async () => {
    const first = await createAdmin();
    const second = await createAdmin();
    expect(await completePleoConnect(first, await authorize(first))).toBe("pleo-connected");
    expect(await completePleoConnect(second, await authorize(second))).toBe("company-elsewhere");
    expect(await connectionsOf(second.workspaceId)).toHaveLength(0);
    const [before] = await connectionsOf(first.workspaceId);
    expect(await completePleoConnect(first, await authorize(first))).toBe("pleo-reconnected");
    const after = await connectionsOf(first.workspaceId);
    expect(after.map((c) => c.id)).toEqual([before!.id]);
  });

  it("reconnect with a different company is refused and leaves the connection alone", async () => {
    const user = await createAdmin();
    await completePleoConnect(user, await authorize(user));
    const [c] = await connectionsOf(user.workspaceId);
    const notice = await completePleoConnect(
      user,
      await authorize(user, { reconnect: c!.id, company: PLEO_COMPANIES[3]!.id }),
    );
    expect(notice).toBe("company-mismatch");
    expect(await connectionsOf(user.workspaceId)).toHaveLength(1);
  });

  it("a token endpoint outage during the exchange changes nothing and says Pleo is unavailable", async () => {
    const user = await createAdmin();
    const callback = await authorize(user);
    await sandbox.pleo.fault({ endpoint: "pleo.token", status: 503 });
    expect(await completePleoConnect(user, callback)).toBe("pleo-unavailable");
    expect(await connectionsOf(user.workspaceId)).toHaveLength(0);
  });

  it("an `iss` that is not Pleo's (mix-up) is a clear error, not a crash, and stores nothing", async () => {
    const user = await createAdmin();
    const callback = await authorize(user);
    callback.set("iss", "https://evil.test");
    expect(await completePleoConnect(user, callback)).toBe("pleo-error");
    expect(await connectionsOf(user.workspaceId)).toHaveLength(0);
  });

  it("a grant refused as company-elsewhere or company-mismatch is revoked at Pleo at once (no orphan installation)", async () => {
    const installationDeletes = async () =>
      (await sandbox.pleo.counters())["pleo.installations.delete"]?.byStatus?.["204"] ?? 0;
    const first = await createAdmin();
    const second = await createAdmin();
    await completePleoConnect(first, await authorize(first));
    expect(await completePleoConnect(second, await authorize(second))).toBe("company-elsewhere");
    expect(await installationDeletes()).toBe(1);
    const [c] = await connectionsOf(first.workspaceId);
    expect(
      await completePleoConnect(first, await authorize(first, { reconnect: c!.id, company: PLEO_COMPANIES[3]!.id })),
    ).toBe("company-mismatch");
    expect(await installationDeletes()).toBe(2);
    // The first workspace's own grant is untouched.
    expect((await connectionsOf(first.workspaceId))[0]).toMatchObject({ status: "active" });
  });

  it("a flow started for another workspace than the admin's current one is refused before any exchange", async () => {
    const user = await createAdmin();
    const callback = await authorize(user);
    const moved: AdminUser = { ...user, workspaceId: (await createAdmin()).workspaceId };
    await expect(completePleoConnect(moved, callback)).rejects.toMatchObject({ reason: "other_workspace" });
    expect(await connectionsOf(user.workspaceId)).toHaveLength(0);
    expect((await sandbox.pleo.counters())["pleo.token"]?.total ?? 0).toBe(0);
  });
});
