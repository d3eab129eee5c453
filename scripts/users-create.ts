// npm run users:create -- --email a@b.c --role customer_admin --workspace "Acme GmbH" [--name N]
// The password is read from standard input (prompted on a terminal), never from the command line.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { newUserInput, upsertUser } from "@/lib/auth/users";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string", default: "customer_admin" }, workspace: { type: "string" }, name: { type: "string" } },
});

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stdout : undefined, terminal: false });
  if (process.stdin.isTTY) process.stdout.write("Password (input hidden is not supported; type and press Enter): ");
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

await withDatabase(async () => {
  const parsed = newUserInput.safeParse({ ...values, password: await readPassword() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`--${String(issue.path[0] ?? "input")}: ${issue.message}`);
  }
  const result = await upsertUser(parsed.data);
  console.log(`${result.created ? "Created" : "Updated"} ${parsed.data.email} (${parsed.data.role}${parsed.data.workspace ? `, ${parsed.data.workspace}` : ""}).`);
});
