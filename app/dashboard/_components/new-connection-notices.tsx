import type { AdminUser } from "@/lib/auth/guards";
import { listNewConnectionNotices } from "@/lib/connections/new-connection-notice";

const PROVIDER_NAMES: Record<string, string> = { pleo: "Pleo", pliant: "Pliant" };

/** "Did you start this?": the workspace's connections added in the last week, for its admins. */
export async function NewConnectionNotices({ user }: { user: AdminUser }) {
  const notices = await listNewConnectionNotices(user);
  if (notices.length === 0) return null;
  return (
    <section data-testid="new-connection-notices" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <h2 className="font-medium">New connections this week — did you start these?</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {notices.map((n) => (
          <li key={`${n.connectionId}-${n.at.toISOString()}`} data-testid="new-connection-notice">
            {PROVIDER_NAMES[n.provider] ?? n.provider} <strong>{n.name ?? "account"}</strong> was connected by {n.by} on {n.at.toISOString().slice(0, 16).replace("T", " ")} UTC.{" "}
            <a href={`/dashboard/connections/${n.connectionId}`} className="font-medium underline">
              If not, revoke it
            </a>
            .
          </li>
        ))}
      </ul>
    </section>
  );
}
