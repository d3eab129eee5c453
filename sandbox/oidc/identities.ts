/** The sandbox identity provider's people (fixed). Every password is `sandbox`. */
export interface OidcIdentity {
  /** What is typed into the login form: the email, unless two identities share one. */
  login: string;
  sub: string;
  email: string;
  /** undefined: the ID token has no email_verified claim at all (as some providers send it). */
  emailVerified: boolean | undefined;
  name: string;
  /** What the identity shows about the portal (for the login page and the docs). */
  note: string;
}

export const OIDC_PASSWORD = "sandbox";

export const OIDC_IDENTITIES: readonly OidcIdentity[] = [
  {
    login: "staff@partner.test",
    sub: "sb-staff",
    email: "staff@partner.test",
    emailVerified: true,
    name: "Sam Staff",
    note: "partner staff in the portal's demo",
  },
  {
    login: "admin@acme.test",
    sub: "sb-acme",
    email: "admin@acme.test",
    emailVerified: true,
    name: "Ada Admin",
    note: "customer admin of Acme GmbH",
  },
  {
    login: "admin@globex.test",
    sub: "sb-globex-unverified",
    email: "admin@globex.test",
    emailVerified: false,
    name: "Greta Admin",
    note: "email not verified: refused",
  },
  {
    login: "stranger@partner.test",
    sub: "sb-stranger",
    email: "stranger@partner.test",
    emailVerified: true,
    name: "Stan Stranger",
    note: "not a portal user: refused",
  },
  // Hostile identities: a portal user's email without the email_verified claim, and a second
  // account (another subject) claiming staff's verified email.
  {
    login: "no-claim@idp.test",
    sub: "sb-acme-no-claim",
    email: "admin@acme.test",
    emailVerified: undefined,
    name: "Ada Again",
    note: "admin@acme.test without email_verified: refused",
  },
  {
    login: "impostor@idp.test",
    sub: "sb-staff-impostor",
    email: "staff@partner.test",
    emailVerified: true,
    name: "Sam Impostor",
    note: "staff's email on another subject: refused once staff is linked",
  },
];

/** The identity a login form names (its login, usually the email). */
export function identityByLogin(login: string): OidcIdentity | undefined {
  const wanted = login.trim().toLowerCase();
  return OIDC_IDENTITIES.find((i) => i.login === wanted);
}

export function identityBySub(sub: string): OidcIdentity | undefined {
  return OIDC_IDENTITIES.find((i) => i.sub === sub);
}
