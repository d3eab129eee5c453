import "server-only";
import type { provider } from "@/db/schema";
import { pleoProvider } from "./pleo/provider";
import { pliantProvider } from "./pliant/provider";
import type { ConnectionProvider } from "./types";

/**
 * Every provider, keyed by the schema's provider enum: adding a provider to the enum without an
 * entry here fails the type check. Code outside a provider's module asks this instead of naming one.
 */
type ProviderName = (typeof provider.enumValues)[number];

const registry: { readonly [P in ProviderName]: ConnectionProvider & { name: P } } = {
  pleo: pleoProvider as ConnectionProvider & { name: "pleo" },
  pliant: pliantProvider as ConnectionProvider & { name: "pliant" },
};

export function providerFor(name: ProviderName): ConnectionProvider {
  return registry[name];
}

export const PROVIDER_NAMES = Object.keys(registry) as ProviderName[];
