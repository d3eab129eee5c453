import { spawn } from "node:child_process";
import { onTestFinished } from "vitest";

/**
 * Runs a worker script of this folder in its own Node process (another "instance" of the portal,
 * with the test's environment: same database, same sandbox) and resolves with the JSON on the
 * last line it prints.
 */
export function runWorker<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", `test/workers/${script}`, ...args],
      { env: process.env },
    );
    // A storm that outlives its test (a timeout) would keep calling the sandbox during the next one.
    onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")));
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!) as T) : reject(new Error(`worker exited ${code}`)),
    );
  });
}
