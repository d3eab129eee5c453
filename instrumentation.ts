// Runs once when a server instance starts: stamp socket addresses, fail fast on bad configuration, then migrate.
export async function register() {
  // Next's documented runtime switch (inlined at build time); the edge runtime has no database.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampSocketAddresses } = await import("./lib/auth/socket-address");
  stampSocketAddresses();
  const { startServerInstanceOrExit } = await import("./lib/startup");
  await startServerInstanceOrExit();
}
