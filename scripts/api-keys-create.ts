// npm run api-keys:create -- --name NAME [--scopes connections:read,tokens:issue,proxy] [--workspace "Acme GmbH"]
// Prints the new key as the last line of its output: it is shown once and stored only as a hash.
import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/api-keys/store";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { withDatabase } from "./lib/with-database";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    scopes: { type: "string", default: API_KEY_SCOPES.join(",") },
    workspace: { type: "string" },
  },
});

await withDatabase(async () => {
  const scopes = values.scopes
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`--scopes: unknown ${unknown.join(", ")} (allowed: ${API_KEY_SCOPES.join(", ")})`);
  const created = await createApiKey(
    { name: values.name ?? "", scopes: scopes as never, workspace: values.workspace },
    { userId: null, label: "command line" },
  );
  console.log(
    `Created API key "${values.name}" (${scopes.join(", ")}${values.workspace ? `; workspace ${values.workspace}` : ""}). It is shown once; store it now:`,
  );
  console.log(created.key);
});
