// Runs once when a server instance starts: fail fast on bad configuration, then migrate.
export async function register() {
  // Next's documented runtime switch (inlined at build time); the edge runtime has no database.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerInstance } = await import("./lib/startup");
  const { ConfigError } = await import("./lib/env");
  try {
    await startServerInstance();
  } catch (error) {
    // A configuration problem is one line naming the variable, not a stack trace, and no server.
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}
