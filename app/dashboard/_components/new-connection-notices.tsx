import { getTranslations } from "next-intl/server";
import { getWhen } from "@/app/_components/get-when";
import type { AdminUser } from "@/lib/auth/guards";
import { listNewConnectionNotices } from "@/lib/connections/new-connection-notice";
import { providerFor } from "@/lib/connections/registry";

/** "Did you start this?": the workspace's connections added in the last week, for its admins. */
export async function NewConnectionNotices({ user }: { user: AdminUser }) {
  const notices = await listNewConnectionNotices(user);
  if (notices.length === 0) return null;
  const [t, when] = await Promise.all([getTranslations("newConnections"), getWhen()]);
  return (
    <section
      data-testid="new-connection-notices"
      className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <h2 className="font-medium">{t("heading")}</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {notices.map((n) => (
          <li key={`${n.connectionId}-${n.at.toISOString()}`} data-testid="new-connection-notice">
            {t.rich("item", {
              provider: providerFor(n.provider).label,
              name: n.name ?? t("account"),
              by: n.by,
              when: when(n.at),
              strong: (chunks) => <strong>{chunks}</strong>,
              link: (chunks) => (
                <a href={`/dashboard/connections/${n.connectionId}`} className="font-medium underline">
                  {chunks}
                </a>
              ),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
