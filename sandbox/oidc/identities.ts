/** The sandbox identity provider's people (fixed). Every password is `sandbox`. */
export interface OidcIdentity {
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
  /** What the identity shows about the portal (for the login page and the docs). */
  note: string;
}

export const OIDC_PASSWORD = "sandbox";

export const OIDC_IDENTITIES: readonly OidcIdentity[] = [
  { sub: "sb-staff", email: "staff@partner.test", emailVerified: true, name: "Sam Staff", note: "partner staff in the portal's demo" },
  { sub: "sb-acme", email: "admin@acme.test", emailVerified: true, name: "Ada Admin", note: "customer admin of Acme GmbH" },
  { sub: "sb-globex-unverified", email: "admin@globex.test", emailVerified: false, name: "Greta Admin", note: "email not verified: refused" },
  { sub: "sb-stranger", email: "stranger@partner.test", emailVerified: true, name: "Stan Stranger", note: "not a portal user: refused" },
];

export function identityByEmail(email: string): OidcIdentity | undefined {
  const wanted = email.trim().toLowerCase();
  return OIDC_IDENTITIES.find((i) => i.email === wanted);
}

export function identityBySub(sub: string): OidcIdentity | undefined {
  return OIDC_IDENTITIES.find((i) => i.sub === sub);
}
