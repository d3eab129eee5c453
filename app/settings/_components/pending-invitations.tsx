import type { InvitationDto } from "@/lib/people/invitations";
import { resendInvitationAction, withdrawInvitationAction } from "../people-actions";

type Labels = {
  expires: (i: InvitationDto) => string;
  expired: string;
  resend: string;
  withdraw: string;
  empty: string;
};

/** Open invitations with Resend and Withdraw; used by the staff page and the admins' page. */
export function PendingInvitations({
  invitations,
  from,
  labels,
}: {
  invitations: InvitationDto[];
  from: "workspaces" | "team";
  labels: Labels;
}) {
  if (invitations.length === 0) return <p className="text-sm text-slate-600">{labels.empty}</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
      {invitations.map((i) => (
        <li key={i.id} data-testid="invitation" className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
          <span>
            <span className="font-medium">{i.email}</span>
            <span className={`ml-2 text-xs ${i.expired ? "text-red-800" : "text-slate-600"}`}>
              {i.expired ? labels.expired : labels.expires(i)}
            </span>
          </span>
          <span className="flex gap-2">
            <form action={resendInvitationAction}>
              <input type="hidden" name="from" value={from} />
              <input type="hidden" name="invitationId" value={i.id} />
              <button type="submit" className="rounded-md border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
                {labels.resend}
              </button>
            </form>
            <form action={withdrawInvitationAction}>
              <input type="hidden" name="from" value={from} />
              <input type="hidden" name="invitationId" value={i.id} />
              <button
                type="submit"
                className="rounded-md border border-red-300 px-2 py-0.5 text-red-800 hover:bg-red-50"
              >
                {labels.withdraw}
              </button>
            </form>
          </span>
        </li>
      ))}
    </ul>
  );
}
