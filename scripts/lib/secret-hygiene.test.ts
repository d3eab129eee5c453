import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { probesFor, scanForSecrets } from "./secret-hygiene";

describe("secret scanner", () => {
  it("finds configured secrets, key material and token-shaped strings, and nothing in clean text", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hygiene-"));
    const key = Buffer.alloc(32, 7).toString("base64");
    writeFileSync(path.join(dir, "clean.js"), 'console.log("Bearer [redacted]", "pleo_at_short")');
    writeFileSync(path.join(dir, "leak1.js"), `const k = "${key}";`);
    writeFileSync(path.join(dir, "leak2.log"), '{"event":"x","auth":"Bearer abcdefghijklmnopqrstu"}');
    writeFileSync(path.join(dir, "leak3.log"), "refresh pleo_rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    const findings = scanForSecrets(
      [dir],
      probesFor({ TOKEN_ENCRYPTION_KEYS: `k1:${key}`, AUTH_SECRET: "s".repeat(40) }),
    );
    expect(findings.map((f) => `${path.basename(f.file)}:${f.label}`).sort()).toEqual([
      "leak1.js:TOKEN_ENCRYPTION_KEYS",
      "leak2.log:Bearer credential",
      "leak3.log:Pleo refresh token",
    ]);
  });
});
