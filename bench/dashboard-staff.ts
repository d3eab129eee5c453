// node --conditions=react-server --import tsx bench/dashboard-staff.ts
// The staff dashboard's data functions at 1k and at 100k connections: p50/p95 server time of the
// first page, a deep page (by cursor), a filtered search and the counts, and the 100k/1k ratio.
// Goals: p95 < 150 ms at 100k, ratio < 1.5. Uses its own database (on DATABASE_URL's server, else the embedded one).
import { migrateDatabase } from "@/db/migrate";
import { seedLargeConnections } from "@/scripts/lib/large-seed";
import { provisionTestDatabases } from "@/test/provision";
import { machine, ms, timeEach } from "./lib";

console.log(`Machine: ${machine()}`);

const WARMUP = 30;
const RUNS = 300;
const SIZES = [1_000, 100_000];

const databases = await provisionTestDatabases(1);
process.env.DATABASE_URL = databases.urls[0];
try {
  await migrateDatabase(databases.urls[0]!);
  // Imported after DATABASE_URL points at the bench database.
  const { pool, closeDb } = await import("@/db/client");
  const { listConnectionPage, countConnections } = await import("@/lib/connections/read/staff-queries");
  const staff = {
    id: "00000000-0000-0000-0000-000000000001",
    email: "staff@bench.test",
    name: null,
    role: "partner_staff",
    workspaceId: null,
    workspaceName: null,
  } as const;

  type Case = { name: string; run: () => Promise<unknown> };
  const results = new Map<string, { p50: number; p95: number }[]>();
  const measure = async (variant: string, cases: Case[]) => {
    console.log(`  ${variant}`);
    for (const c of cases) {
      for (let i = 0; i < WARMUP; i++) await c.run();
      const t = await timeEach(RUNS, c.run);
      const key = `${variant}|${c.name}`;
      results.set(key, [...(results.get(key) ?? []), t]);
      console.log(`    ${c.name.padEnd(34)} p50 ${ms(t.p50)}  p95 ${ms(t.p95)}`);
    }
  };
  let seeded = 0;
  for (const size of SIZES) {
    console.log(`\nSeeding to ${size.toLocaleString("en-US")} connections …`);
    await seedLargeConnections(pool(), size - seeded);
    seeded = size;
    // A cursor 90 % of the way down the newest-first list (found with OFFSET here, in the bench
    // only), and one real name to search for (a rare match: the hard case for a text search).
    const { rows } = await pool().query<{ at: string; id: string; name: string }>(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id::text, external_name as name
       from connections order by created_at desc, id desc offset $1 limit 1`,
      [Math.floor(size * 0.9)],
    );
    const deep = rows[0]!;
    const rare = deep.name.split(" ").slice(0, 2).join(" ").toLowerCase();
    const cases: Case[] = [
      { name: "first page", run: () => listConnectionPage(staff, {}) },
      { name: "deep page (cursor at 90 %)", run: () => listConnectionPage(staff, { after: deep }) },
      {
        name: "filtered search (pleo, re-auth, name)",
        run: () => listConnectionPage(staff, { provider: "pleo", status: "needs_reauth", q: "nordlys" }),
      },
      { name: "search a rare name, no filter", run: () => listConnectionPage(staff, { q: rare }) },
      { name: "counts by status and provider", run: () => countConnections(staff) },
    ];
    // What autovacuum does to a table that just grew: statistics and the visibility map (which
    // index-only scans rely on).
    await pool().query("vacuum analyze connections");
    await measure("staff view", cases);
  }

  console.log(
    `\nSummary (${RUNS} sequential calls each, after ${WARMUP} warm-up calls; goals: p95 < 150 ms at 100k, ratio < 1.5)`,
  );
  console.log(
    `  ${"variant | function".padEnd(66)} ${"p50 @1k".padStart(11)} ${"p95 @1k".padStart(11)} ${"p50 @100k".padStart(11)} ${"p95 @100k".padStart(11)}  ratio p95`,
  );
  for (const [key, [small, large]] of results) {
    const ratio = large!.p95 / small!.p95;
    const verdict =
      [large!.p95 < 150 ? "" : "p95 MISSED", ratio < 1.5 ? "" : "ratio MISSED"].filter(Boolean).join(", ") || "ok";
    const cells = [small!.p50, small!.p95, large!.p50, large!.p95].map((x) => ms(x).padStart(11)).join(" ");
    console.log(`  ${key.replace("|", " | ").padEnd(66)} ${cells}  ${ratio.toFixed(2).padStart(5)}  ${verdict}`);
  }
  await closeDb();
} finally {
  await databases.cleanup();
}
