import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import { PageHeader } from "@/app/_components/page-header";
import { ScopedMessages } from "@/app/_components/scoped-messages";
import { listApiKeys, listWorkspaceNames } from "@/lib/api-keys/store";
import { requireStaff } from "@/lib/auth/guards";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./_components/create-key-form";

export async function generateMetadata() {
  const t = await getTranslations("apiKeys");
  return { title: t("metaTitle") };
}

// /settings/api-keys — partner staff create, list and revoke keys for the partner API.
export default async function ApiKeysPage() {
  const user = await requireStaff("/settings/api-keys");
  const [keys, workspaces, t, when] = await Promise.all([
    listApiKeys(),
    listWorkspaceNames(),
    getTranslations("apiKeys"),
    getWhen(),
  ]);
  const format = (d: Date | null) => (d ? when(d) : t("never"));
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-8">
        <div>
          <h1 className="text-2xl font-semibold">{t("heading")}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {t.rich("intro", {
              link: (chunks) => (
                <Link className="text-indigo-800 underline" href="/docs/api">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </div>
        <ScopedMessages namespace="apiKeys">
          <CreateKeyForm workspaces={workspaces} />
        </ScopedMessages>
        <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th className="px-4 py-2">{t("name")}</th>
                <th className="px-4 py-2">{t("key")}</th>
                <th className="px-4 py-2">{t("scopes")}</th>
                <th className="px-4 py-2">{t("workspace")}</th>
                <th className="px-4 py-2">{t("created")}</th>
                <th className="px-4 py-2">{t("lastUsed")}</th>
                <th className="px-4 py-2">
                  <span className="sr-only">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-4 py-6 text-center text-slate-600">
                    {t("none")}
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
                  <td className="px-4 py-2">{k.workspaceName ?? t("allWorkspacesShort")}</td>
                  <td className="px-4 py-2">
                    {format(k.createdAt)}
                    <div className="text-xs text-slate-600">{t("by", { email: k.createdBy })}</div>
                  </td>
                  <td className="px-4 py-2">{format(k.lastUsedAt)}</td>
                  <td className="px-4 py-2">
                    {k.revokedAt ? (
                      <span className="text-slate-600">{t("revoked", { when: format(k.revokedAt) })}</span>
                    ) : (
                      <form action={revokeApiKeyAction}>
                        <input type="hidden" name="keyId" value={k.id} />
                        <button
                          type="submit"
                          aria-label={t("revokeLabel", { name: k.name })}
                          className="rounded-md border border-red-300 px-3 py-1 text-sm font-medium text-red-800 hover:bg-red-50"
                        >
                          {t("revoke")}
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
