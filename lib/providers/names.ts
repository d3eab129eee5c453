// Type only: lib/providers speaks HTTP and never loads the database; the names are the schema's enum.
import type { provider } from "@/db/schema";

export type ProviderName = (typeof provider.enumValues)[number];

/**
 * How people call each provider, keyed by the schema's provider enum: a provider added to the enum
 * without a label here fails the type check. The one place below lib/connections that names them.
 */
export const PROVIDER_LABELS: { readonly [P in ProviderName]: string } = { pleo: "Pleo", pliant: "Pliant" };
