import "server-only";
import { pool } from "@/db/client";

export type DatabaseHealth = { status: "up"; latencyMs: number } | { status: "down"; error: string };

export async function checkDatabase(timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      pool().query("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref()),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only a category reaches the caller: driver messages can name hosts and users.
    const code = (error as { code?: string }).code;
    return {
      status: "down",
      error:
        code === "ECONNREFUSED"
          ? "connection refused"
          : error instanceof Error && error.message === "timeout"
            ? "timeout"
            : "unavailable",
    };
  }
}
