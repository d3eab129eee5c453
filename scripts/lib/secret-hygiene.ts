import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** What must never appear in client bundles or logs: configured secrets and token-shaped strings. */
export type SecretProbe = { label: string; test: (text: string) => boolean };

export function probesFor(secrets: Record<string, string | undefined>): SecretProbe[] {
  const probes: SecretProbe[] = [];
  for (const [label, value] of Object.entries(secrets)) {
    if (!value) continue;
    // Key rings hold several values: each key's material is a secret of its own.
    const parts = label === "TOKEN_ENCRYPTION_KEYS" ? value.split(",").map((k) => k.split(":")[1] ?? "") : [value];
    for (const part of parts.filter((p) => p.length >= 8)) probes.push({ label, test: (text) => text.includes(part) });
  }
  // Token formats the sandbox providers issue (real providers' are opaque too; these prove the path).
  const shapes: [string, RegExp][] = [
    ["Pleo access token", /pleo_at_[A-Za-z0-9_-]{20,}/],
    ["Pleo refresh token", /pleo_rt_[A-Za-z0-9_-]{20,}/],
    ["Pleo authorization code", /pleo_code_[A-Za-z0-9_-]{20,}/],
    ["Pliant access token", /pliant_at_[A-Za-z0-9_-]{20,}/],
    ["Bearer credential", /Bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{16,}/],
  ];
  for (const [label, re] of shapes) probes.push({ label, test: (text) => re.test(text) });
  return probes;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** Every (file, secret label) pair found; empty means clean. */
export function scanForSecrets(paths: string[], probes: SecretProbe[]): { file: string; label: string }[] {
  const findings: { file: string; label: string }[] = [];
  for (const file of paths.flatMap((p) => (statSync(p).isDirectory() ? files(p) : [p]))) {
    const text = readFileSync(file, "utf8");
    for (const probe of probes) if (probe.test(text)) findings.push({ file, label: probe.label });
  }
  return findings;
}
