import { seededInt, seededUuid } from "../core/ids";

/** Fixed demo data: the same ids and names on every start, so tests and docs can name them. */
export interface PleoOrganisation {
  id: string;
  name: string;
}

export interface PleoCompany {
  id: string;
  name: string;
  organizationId: string;
  country: string;
  currency: string;
}

export const PLEO_DEMO_USER = { email: "demo@pleo.test", password: "sandbox" } as const;

export const PLEO_ORGANISATIONS: readonly PleoOrganisation[] = [
  { id: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a41", name: "Nordlys Group" },
  { id: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a42", name: "Brightwater Holdings" },
];

export const PLEO_COMPANIES: readonly PleoCompany[] = [
  {
    id: "3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c11",
    name: "Nordlys ApS",
    organizationId: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a41",
    country: "DK",
    currency: "DKK",
  },
  {
    id: "3f9a6c2e-8b1d-4c7e-a5f0-2d4b6e8a0c12",
    name: "Nordlys AB",
    organizationId: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a41",
    country: "SE",
    currency: "SEK",
  },
  {
    id: "5b7d9f1a-3c5e-4a7b-9d1f-3e5a7c9b1d21",
    name: "Brightwater Ltd",
    organizationId: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a42",
    country: "GB",
    currency: "GBP",
  },
  {
    id: "5b7d9f1a-3c5e-4a7b-9d1f-3e5a7c9b1d22",
    name: "Brightwater GmbH",
    organizationId: "0f4b6a1e-52c3-4d8e-9a2b-5f7c1d2e3a42",
    country: "DE",
    currency: "EUR",
  },
];

export interface PleoExpense {
  id: string;
  companyId: string;
  amount: { value: number; currency: string };
  merchantName: string;
  category: string;
  date: string;
  note: string;
  status: "approved" | "pending" | "rejected";
}

const MERCHANTS = ["Deutsche Bahn", "SAS", "Figma", "AWS", "Café Kontor", "IKEA Business", "Uber", "Notion"];
const CATEGORIES = ["Travel", "Software", "Meals", "Office supplies"];
const STATUSES = ["approved", "approved", "pending", "rejected"] as const;
export const EXPENSES_PER_COMPANY = 45;

function buildExpenses(company: PleoCompany): PleoExpense[] {
  const out: PleoExpense[] = [];
  const start = Date.UTC(2026, 0, 2);
  for (let i = 0; i < EXPENSES_PER_COMPANY; i++) {
    const seed = `pleo-expense:${company.id}:${i}`;
    out.push({
      id: seededUuid(seed),
      companyId: company.id,
      amount: { value: (500 + seededInt(seed, 49_500)) / 100, currency: company.currency },
      merchantName: MERCHANTS[i % MERCHANTS.length] ?? "Merchant",
      category: CATEGORIES[i % CATEGORIES.length] ?? "Other",
      date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      note: `Demo expense ${i + 1}`,
      status: STATUSES[seededInt(`${seed}:status`, STATUSES.length)] ?? "approved",
    });
  }
  return out;
}

export const PLEO_EXPENSES: ReadonlyMap<string, readonly PleoExpense[]> = new Map(
  PLEO_COMPANIES.map((c) => [c.id, buildExpenses(c)]),
);

export function findCompany(id: string): PleoCompany | undefined {
  return PLEO_COMPANIES.find((c) => c.id === id);
}

export function findOrganisation(id: string): PleoOrganisation | undefined {
  return PLEO_ORGANISATIONS.find((o) => o.id === id);
}
