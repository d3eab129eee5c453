/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next adds it
 * to its own scripts), no framing, forms only to ourselves and to the origins a flow must reach
 * after a form post (Pliant's app for the way back, the SSO issuer).
 */
export function contentSecurityPolicy(opts: { nonce: string; formTargets: string[]; development: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.development ? " 'unsafe-eval'" : ""}`,
    // Next and React set a few inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${opts.formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}
