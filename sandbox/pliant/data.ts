import { seededInt, seededUuid } from "../core/ids";

/** Fixed demo organisations and transactions, identical on every start. */
export interface PliantOrganization {
  id: string;
  name: string;
  status: "ACTIVE";
  country: string;
  currency: string;
}

export const PLIANT_ORGANIZATIONS: readonly PliantOrganization[] = [
  // The id from Pliant's own documentation example.
  {
    id: "6d868483-9043-4ce6-a8ce-a5814de90c0a",
    name: "Acme GmbH Cards",
    status: "ACTIVE",
    country: "DE",
    currency: "EUR",
  },
  {
    id: "8a3f2c71-4b5e-4d9a-b1c6-7e2f9d0a3b52",
    name: "Globex AB Cards",
    status: "ACTIVE",
    country: "SE",
    currency: "SEK",
  },
  { id: "b47e1d90-2c6a-4f3b-8e5d-9a1c0f7e6d83", name: "Initech Ltd", status: "ACTIVE", country: "GB", currency: "GBP" },
];

export interface PliantTransaction {
  transactionId: string;
  organizationId: string;
  cardId: string;
  merchantName: string;
  transactionAmount: { value: number; currency: string };
  status: "CONFIRMED" | "PENDING" | "REVERSED";
  type: "PURCHASE" | "REFUND";
  createdAt: string;
}

const MERCHANTS = ["Lufthansa", "Hotel Adlon", "Google Workspace", "Shell", "Amazon Business", "Slack", "Zoom"];
const STATUSES = ["CONFIRMED", "CONFIRMED", "CONFIRMED", "PENDING", "REVERSED"] as const;
export const TRANSACTIONS_PER_ORG = 60;

function buildTransactions(org: PliantOrganization): PliantTransaction[] {
  const start = Date.UTC(2026, 0, 1, 9);
  return Array.from({ length: TRANSACTIONS_PER_ORG }, (_, i) => {
    const seed = `pliant-tx:${org.id}:${i}`;
    return {
      transactionId: seededUuid(seed),
      organizationId: org.id,
      cardId: seededUuid(`pliant-card:${org.id}:${i % 4}`),
      merchantName: MERCHANTS[i % MERCHANTS.length] ?? "Merchant",
      transactionAmount: { value: (100 + seededInt(seed, 99_900)) / 100, currency: org.currency },
      status: STATUSES[seededInt(`${seed}:status`, STATUSES.length)] ?? "CONFIRMED",
      type: i % 10 === 9 ? "REFUND" : "PURCHASE",
      createdAt: new Date(start + i * 7 * 3_600_000).toISOString(),
    };
  });
}

export const PLIANT_TRANSACTIONS: ReadonlyMap<string, readonly PliantTransaction[]> = new Map(
  PLIANT_ORGANIZATIONS.map((o) => [o.id, buildTransactions(o)]),
);

/** An organization as the API shows it: Pliant names entity ids `organizationId`, so do we. */
export function organizationView(o: PliantOrganization) {
  const { id, ...rest } = o;
  return { organizationId: id, ...rest };
}

export function findOrganization(id: string): PliantOrganization | undefined {
  return PLIANT_ORGANIZATIONS.find((o) => o.id === id);
}
