import type { ProviderName } from "./names";
/**
 * A fact about a provider's API that our code depends on, with where it comes from. Every such fact
 * lives in exactly one constant of this shape (lib/providers/<provider>/contract.ts), so confirming
 * an assumption is one edit, and the staff dashboard can list what is still assumed
 * (docs/provider-contracts.md has the same list with the reasoning).
 */
export type ContractStatus = "confirmed" | "assumed";

export type ProviderFact<T> = {
  value: T;
  status: ContractStatus;
  /** One line for people: what we rely on. */
  what: string;
  /** URL (and the date we read it), or why there is none. */
  source: string;
};

export const fact = <T>(f: ProviderFact<T>): ProviderFact<T> => f;

/** Plain data for the staff view: every fact of one provider, without values that are code. */
export type FactSummary = {
  provider: ProviderName;
  name: string;
  status: ContractStatus;
  what: string;
  source: string;
};

export function summarize(provider: ProviderName, facts: Record<string, ProviderFact<unknown>>): FactSummary[] {
  return Object.entries(facts).map(([name, f]) => ({
    provider,
    name,
    status: f.status,
    what: f.what,
    source: f.source,
  }));
}
