// Installs dependencies when they are missing or older than package-lock.json (first step of npm start / npm test).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
const stale = !existsSync(marker) || statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.log("Installing dependencies (npm install) …");
  // Not `npm ci`: registries that carry only this platform's optional binaries make `npm ci` refuse
  // the lock file, while `npm install` honours it and installs the same versions.
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
