import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sandboxProviderEnv } from "@/scripts/lib/sandbox-env";
import os from "node:os";
/** Small helpers shared by the benchmarks: timing, percentiles, a fresh database. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function timeEach(
  n: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; mean: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), mean: samples.reduce((s, x) => s + x, 0) / n };
}

/** User + system CPU a process has used so far, in ms (fields 14 and 15 of /proc/<pid>/stat; Linux only). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}
const CLOCK_TICK_MS = 10; // getconf CLK_TCK = 100 on Linux

export const ms = (x: number) => `${x.toFixed(3)} ms`;

/** The machine a figure was measured on, read from it (never assumed): CPUs, memory, Node. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} CPU${cpus.length === 1 ? "" : "s"} (${cpus[0]?.model.trim() ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`;
}

/** The verdict a bench claims, printed next to its figure: "goal met" or "goal MISSED". */
export const verdict = (met: boolean) => (met ? "goal met" : "goal MISSED");

/**
 * The portal's configuration for a bench server: the sandbox providers, a fresh database and
 * generated secrets, in the local mode (loopback URLs and the sandbox are refused by production's rules).
 */
export function benchAppEnv(o: {
  base: string;
  pleoUrl: string;
  pliantUrl: string;
  databaseUrl: string;
  distDir: string;
  keyId: string;
}): Record<string, string> {
  return {
    ...sandboxProviderEnv(o.pleoUrl, o.pliantUrl),
    DATABASE_URL: o.databaseUrl,
    APP_URL: o.base,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    TOKEN_ENCRYPTION_KEYS: `${o.keyId}:${randomBytes(32).toString("base64")}`,
    NEXT_DIST_DIR: o.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    PORTAL_MODE: "local",
  };
}

/** Runs a Node script (a build, the seed, a migration) with this process's environment plus `env`; rejects on a non-zero exit. */
export function runNode(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: "ignore" }).on("exit", (c) =>
      c === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited ${c}`)),
    ),
  );
}

/** Waits (at most a minute) until a bench server answers /api/health. */
export async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const up = await fetch(`${base}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs a demo user in through Auth.js's credentials callback, as a browser posts the form; returns the session cookie. */
export async function signInWithPassword(base: string, email: string): Promise<string> {
  // Loaded on use: the seed reaches the database client, which must see the bench's environment first.
  const { DEMO_PASSWORD } = await import("@/db/seed");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, csrfToken }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed for ${email} on ${base}`);
  return session.split(";")[0]!;
}
