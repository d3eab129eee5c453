import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";

function usersCreate(args: string[], password: string) {
  return spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/users-create.ts", ...args],
    {
      input: `${password}\n`,
      encoding: "utf8",
      env: process.env,
      // A budget for a child process on a busy machine, not a timing claim.
      timeout: 150_000,
    },
  );
}

describe("npm run users:create", () => {
  it("creates an admin in a new workspace with an argon2id hash; the password comes from stdin", async () => {
    const email = `${randomUUID()}@cli.test`;
    const workspace = `CLI ${randomUUID()}`;
    const result = usersCreate(
      ["--email", email, "--role", "customer_admin", "--workspace", workspace],
      "correct horse battery",
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Created ${email}`);
    const [row] = await db()
      .select()
      .from(users)
      .innerJoin(workspaces, eq(users.workspaceId, workspaces.id))
      .where(eq(users.email, email));
    expect(row!.workspaces.name).toBe(workspace);
    expect(row!.users.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.users.passwordHash, "correct horse battery")).toBe(true);
  }, 320_000);

  it("refuses bad input with a clear message and creates nothing", async () => {
    const email = `${randomUUID()}@cli.test`;
    const short = usersCreate(["--email", email, "--role", "customer_admin", "--workspace", "X"], "short");
    expect(short.status).toBe(1);
    expect(short.stderr.trim()).toBe("--password: password must be at least 10 characters");
    const noWorkspace = usersCreate(["--email", email, "--role", "customer_admin"], "long enough password");
    expect(noWorkspace.stderr.trim()).toBe("--workspace: a customer admin needs a workspace");
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  }, 320_000);
});
