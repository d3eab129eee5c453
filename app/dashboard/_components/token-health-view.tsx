/**
 * Token health as words already made (token-health.tsx makes them): plain data, so the dashboard's
 * table (a client component) gets a few strings per row instead of a rendered tree.
 */
export type TokenHealthWords =
  | { kind: "shared"; text: string }
  | { kind: "noTokens"; text: string; lastRefresh?: string }
  | { kind: "tokens"; access: string; refresh: string; lastRefresh?: string };

export function TokenHealthView({ words }: { words: TokenHealthWords }) {
  // Pliant has no per-organization token: one client-credentials token serves every organization.
  if (words.kind === "shared") return <span className="text-slate-600">{words.text}</span>;
  const lastRefresh = words.lastRefresh !== undefined && <span className="text-slate-700">{words.lastRefresh}</span>;
  if (words.kind === "noTokens") {
    return (
      <span>
        <span className="text-slate-600">{words.text}</span>
        {lastRefresh && <br />}
        {lastRefresh}
      </span>
    );
  }
  return (
    <span className="text-slate-700">
      {words.access}
      <br />
      {words.refresh}
      {lastRefresh && <br />}
      {lastRefresh}
    </span>
  );
}
