// npm run users:create -- --email a@b.c --role customer_admin --workspace "Acme GmbH" [--name N]
// The password is read from standard input (prompted on a terminal, not echoed), never from the command line.
import { parseArgs } from "node:util";
import { newUserInput, upsertUser } from "@/lib/auth/users";
import { readPassword } from "./lib/read-password";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    role: { type: "string", default: "customer_admin" },
    workspace: { type: "string" },
    name: { type: "string" },
  },
});

await withDatabase(async () => {
  const parsed = newUserInput.safeParse({ ...values, password: await readPassword(process.stdin, process.stdout) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`--${String(issue.path[0] ?? "input")}: ${issue.message}`);
  }
  const result = await upsertUser(parsed.data);
  console.log(
    `${result.created ? "Created" : "Updated"} ${parsed.data.email} (${parsed.data.role}${parsed.data.workspace ? `, ${parsed.data.workspace}` : ""}).`,
  );
});
