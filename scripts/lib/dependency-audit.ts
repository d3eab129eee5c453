import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";

/** One advisory npm audit reports for one installed package. */
export type Finding = { id: string; packageName: string; severity: string; title: string; allowed: boolean };

export type AuditOutcome =
  { status: "unreachable"; detail: string } | { status: "checked"; findings: Finding[]; staleAllowances: string[] };

const allowlistFile = z.strictObject({
  $comment: z.string().optional(),
  advisories: z.record(z.string(), z.string().trim().min(10, "each accepted advisory needs a reason")),
});
const ADVISORY_ID = /^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|\d+)$/;

/** The allow-list (`audit-allowlist.json`): advisory id → the reason it is accepted. Throws on a bad file. */
export function readAllowlist(file: string): Record<string, string> {
  const parsed = allowlistFile.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues[0]!.path.join(".")} ${parsed.error.issues[0]!.message}`);
  const badId = Object.keys(parsed.data.advisories).find((id) => !ADVISORY_ID.test(id));
  if (badId) throw new Error(`${file}: "${badId}": advisory ids are GHSA-xxxx-xxxx-xxxx or npm's numeric id`);
  return parsed.data.advisories;
}

const via = z.object({
  source: z.union([z.number(), z.string()]),
  name: z.string(),
  title: z.string().default(""),
  url: z.string().default(""),
  severity: z.string(),
});
const report = z.object({
  vulnerabilities: z.record(z.string(), z.object({ via: z.array(z.unknown()) })),
  metadata: z.object({}).passthrough(),
});

/** The advisory's id: the GHSA id from its URL when there is one, else npm's numeric source id. */
function advisoryId(v: z.infer<typeof via>): string {
  return /GHSA(-[a-z0-9]{4}){3}/i.exec(v.url)?.[0] ?? String(v.source);
}

/**
 * Read `npm audit --json`. Anything but an audit report (npm's error object when the registry's
 * audit endpoint cannot be reached, refuses, or answers something else) is "unreachable".
 */
export function evaluateAudit(raw: string, allowlist: Record<string, string>): AuditOutcome {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: "unreachable", detail: "npm audit printed no JSON" };
  }
  const parsed = report.safeParse(json);
  if (!parsed.success) {
    const message =
      (json as { message?: unknown; error?: { summary?: unknown } })?.message ??
      (json as { error?: { summary?: unknown } })?.error?.summary;
    return { status: "unreachable", detail: typeof message === "string" && message ? message : "not an audit report" };
  }
  const findings = new Map<string, Finding>();
  for (const v of Object.values(parsed.data.vulnerabilities).flatMap((p) => p.via)) {
    const advisory = via.safeParse(v);
    // Entries that are package names point at another package's advisory, listed there.
    if (!advisory.success) continue;
    const id = advisoryId(advisory.data);
    findings.set(`${id}\u0000${advisory.data.name}`, {
      id,
      packageName: advisory.data.name,
      severity: advisory.data.severity,
      title: advisory.data.title,
      allowed: Object.hasOwn(allowlist, id),
    });
  }
  const reported = new Set([...findings.values()].map((f) => f.id));
  return {
    status: "checked",
    findings: [...findings.values()],
    staleAllowances: Object.keys(allowlist).filter((id) => !reported.has(id)),
  };
}

/** Run `npm audit --json` against the registry (the lockfile's full tree) and return its output. */
export function runNpmAudit(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["audit", "--json"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    // npm audit exits non-zero when it finds something; the JSON says what.
    child.on("close", () => resolve(out));
    child.on("error", () => resolve(""));
  });
}

/**
 * The `npm test` step. Fails on any reported advisory not in the allow-list. When the audit
 * endpoint cannot be reached it says so plainly and passes, unless `requireAudit` (REQUIRE_DEPENDENCY_AUDIT=true) is set.
 */
export async function checkDependencies(allowlistPath: string, requireAudit: boolean, raw?: string): Promise<boolean> {
  const allowlist = readAllowlist(allowlistPath);
  const outcome = evaluateAudit(raw ?? (await runNpmAudit()), allowlist);
  if (outcome.status === "unreachable") {
    console.log(
      `npm audit could not reach the registry's audit endpoint (${outcome.detail}): dependency advisories were NOT checked.`,
    );
    console.log(
      requireAudit
        ? "REQUIRE_DEPENDENCY_AUDIT=true: failing."
        : "Not required (set REQUIRE_DEPENDENCY_AUDIT=true to require it): passing.",
    );
    return !requireAudit;
  }
  for (const f of outcome.findings)
    console.log(
      `  ${f.allowed ? "accepted" : "ADVISORY"} ${f.id} ${f.severity} ${f.packageName}: ${f.title}${f.allowed ? ` — ${allowlist[f.id]}` : ""}`,
    );
  for (const id of outcome.staleAllowances)
    console.log(`  note: ${id} is allow-listed but no longer reported; remove it from ${allowlistPath}`);
  const open = outcome.findings.filter((f) => !f.allowed);
  console.log(`npm audit: ${outcome.findings.length} advisories, ${open.length} not accepted.`);
  return open.length === 0;
}
