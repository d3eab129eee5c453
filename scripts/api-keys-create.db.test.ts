import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { hashApiKey } from "@/lib/api-keys/key-format";
import { createWorkspace } from "@/test/pleo-fixtures";

function apiKeysCreate(args: string[]) {
  return spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/api-keys-create.ts", ...args],
    { encoding: "utf8", env: process.env, timeout: 60_000 },
  );
}

describe("npm run api-keys:create", () => {
  it("prints the new key as the last line; only its hash is stored, with the scopes and workspace given", async () => {
    const { workspace } = await createWorkspace();
    const name = `cli ${randomUUID()}`;
    const result = apiKeysCreate([
      "--name",
      name,
      "--scopes",
      "connections:read,tokens:issue",
      "--workspace",
      workspace.name,
    ]);
    expect(result.stderr).toBe("");
    const key = result.stdout.trim().split("\n").pop()!;
    expect(key).toMatch(/^pcp_live_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.name, name));
    expect(row).toMatchObject({
      secretHash: hashApiKey(key),
      scopes: ["connections:read", "tokens:issue"],
      workspaceId: workspace.id,
      createdByLabel: "command line",
    });
    expect(JSON.stringify(row)).not.toContain(key.slice(18));
  }, 60_000);

  it("refuses unknown scopes, a missing name or an unknown workspace, and creates nothing", async () => {
    const name = `cli ${randomUUID()}`;
    expect(apiKeysCreate(["--name", name, "--scopes", "admin"]).stderr.trim()).toBe(
      "--scopes: unknown admin (allowed: connections:read, tokens:issue, proxy)",
    );
    expect(apiKeysCreate(["--scopes", "proxy"]).stderr.trim()).toBe("Name is required");
    const unknown = apiKeysCreate(["--name", name, "--workspace", "No Such Workspace"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('No workspace named "No Such Workspace"');
    expect(await db().select().from(apiKeys).where(eq(apiKeys.name, name))).toHaveLength(0);
  }, 60_000);
});
