// Runs once when a server instance starts: the partner proxy's fast path, stamp socket addresses, fail fast on bad configuration, then migrate.
export async function register() {
  // Next's documented runtime switch (inlined at build time); the edge runtime has no database.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The proxy's fast path first: the address stamp, installed after it, wraps it and so runs first.
  const { installProxyFastPath } = await import("./lib/api/proxy-fast-path");
  installProxyFastPath();
  const { stampSocketAddresses } = await import("./lib/auth/socket-address");
  stampSocketAddresses();
  const { startServerInstanceOrExit } = await import("./lib/startup");
  await startServerInstanceOrExit();
}
