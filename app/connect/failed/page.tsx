import Link from "next/link";

export const metadata = { title: "Connection not completed · Partner Connect Portal" };

const REASONS: Record<string, string> = {
  unknown: "This link does not belong to a connection you started here. Nothing was changed.",
  used: "This link was already used. Each connection attempt works once; nothing was changed.",
  expired: "This connection attempt took longer than 10 minutes and expired. Nothing was changed.",
  other_user: "This connection attempt was started by someone else. Sign in as that person, or start again yourself.",
  malformed: "The provider sent back an incomplete or malformed answer. Nothing was changed.",
  other_workspace: "This connection attempt was started for a workspace you no longer belong to. Nothing was changed; start again from your dashboard.",
};

// /connect/failed — a flow that cannot continue: say why in words and offer the way back.
export default async function ConnectFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const message = (typeof reason === "string" && REASONS[reason]) || REASONS.unknown;
  return (
    <main className="mx-auto mt-16 max-w-lg px-4">
      <h1 className="mb-3 text-2xl font-semibold">Connection not completed</h1>
      <p role="alert" data-testid="flow-error" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900">
        {message}
      </p>
      <p className="mt-6">
        <Link href="/dashboard" className="font-medium text-indigo-700 underline">
          Back to your connections
        </Link>
      </p>
    </main>
  );
}
