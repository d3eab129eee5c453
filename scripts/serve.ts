// npm run serve — production: check the configuration (one line naming the variable on a problem,
// no stack trace), then run the standalone server of `npm run build`. Migrations are
// `npm run db:migrate`, run before; the server refuses a database with published demo passwords.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError, parseEnv } from "@/lib/env";
import { distDirOf, standaloneServer } from "./lib/build-stamp";

try {
  parseEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}

const server = standaloneServer(path.resolve(distDirOf(process.env)));
if (!existsSync(server)) {
  console.error(`No production build at ${path.relative(process.cwd(), server)}: run npm run build first.`);
  process.exit(1);
}
const child = spawn(process.execPath, [server], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
