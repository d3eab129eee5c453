import Link from "next/link";
import { PageHeader } from "@/app/_components/page-header";
import { listApiKeys, listWorkspaceNames } from "@/lib/api-keys/store";
import { requireStaff } from "@/lib/auth/guards";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./_components/create-key-form";

export const metadata = { title: "API keys · Partner Connect Portal" };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const format = (d: Date | null) => (d ? `${when.format(d)} UTC` : "Never");

// /settings/api-keys — partner staff create, list and revoke keys for the partner API.
export default async function ApiKeysPage() {
  const user = await requireStaff("/settings/api-keys");
  const [keys, workspaces] = await Promise.all([listApiKeys(), listWorkspaceNames()]);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-8">
        <div>
          <h1 className="text-2xl font-semibold">API keys</h1>
          <p className="mt-1 text-sm text-slate-700">
            Your backend uses these to call the partner API (<Link className="text-indigo-800 underline" href="/docs/api">reference</Link>). Only a hash is stored: a key is shown once, when it is created.
          </p>
        </div>
        <CreateKeyForm workspaces={workspaces} />
        <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th className="px-4 py-2">Name</th>
                <th className="px-4 py-2">Key</th>
                <th className="px-4 py-2">Scopes</th>
                <th className="px-4 py-2">Workspace</th>
                <th className="px-4 py-2">Created</th>
                <th className="px-4 py-2">Last used</th>
                <th className="px-4 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-4 py-6 text-center text-slate-600">
                    No API keys yet.
                  </td>
                </tr>
              )}
              {keys.map((k) => (
                <tr key={k.id} data-testid="api-key-row" className="border-t border-slate-200">
                  <td className="px-4 py-2 font-medium">{k.name}</td>
                  <td className="px-4 py-2">
                    <code>{k.prefix}</code>
                  </td>
                  <td className="px-4 py-2">{k.scopes.join(", ")}</td>
                  <td className="px-4 py-2">{k.workspaceName ?? "All"}</td>
                  <td className="px-4 py-2">
                    {format(k.createdAt)}
                    <div className="text-xs text-slate-600">by {k.createdBy}</div>
                  </td>
                  <td className="px-4 py-2">{format(k.lastUsedAt)}</td>
                  <td className="px-4 py-2">
                    {k.revokedAt ? (
                      <span className="text-slate-600">Revoked {format(k.revokedAt)}</span>
                    ) : (
                      <form action={revokeApiKeyAction}>
                        <input type="hidden" name="keyId" value={k.id} />
                        <button type="submit" aria-label={`Revoke ${k.name}`} className="rounded-md border border-red-300 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50">
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </>
  );
}
