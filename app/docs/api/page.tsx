import { getLocale, getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/_components/page-header";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requireStaff } from "@/lib/auth/guards";
import { env } from "@/lib/env";

export async function generateMetadata() {
  const t = await getTranslations("apiDocs");
  return { title: t("metaTitle") };
}

type Operation = {
  summary?: string;
  description?: string;
  "x-required-scope"?: string;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  responses: Record<string, { description: string }>;
};

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-emerald-100 text-emerald-900",
  put: "bg-amber-100 text-amber-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-900",
};

// /docs/api — the OpenAPI document rendered on the server for staff (no client script, no CDN).
// The page's own words are translated; the document itself stays English, like the API it describes.
export default async function ApiDocsPage() {
  const user = await requireStaff("/docs/api");
  const doc = buildOpenApiDocument();
  const base = env().APP_URL;
  const [t, locale] = await Promise.all([getTranslations("apiDocs"), getLocale()]);
  return (
    <>
      <PageHeader user={user} />
      <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8">
        <div>
          <h1 className="text-2xl font-semibold">{doc.info.title}</h1>
          <p className="mt-1 text-sm text-slate-700">{doc.info.description}</p>
          <p className="mt-1 text-sm">
            {t.rich("machineReadable", {
              url: `${base}/api/v1/openapi.json`,
              version: doc.openapi,
              link: (chunks) => (
                <a className="text-indigo-800 underline" href="/api/v1/openapi.json">
                  {chunks}
                </a>
              ),
            })}
          </p>
          {locale !== "en" && <p className="mt-1 text-xs text-slate-600">{t("englishNote")}</p>}
        </div>
        {Object.entries(doc.paths).map(([path, methods]) =>
          Object.entries(methods as Record<string, Operation>).map(([method, op]) => (
            <section
              key={`${method} ${path}`}
              className="rounded-lg border border-slate-200 bg-white p-5"
              aria-label={`${method.toUpperCase()} ${path}`}
            >
              <h2 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                <span
                  className={`rounded px-2 py-0.5 font-semibold uppercase ${METHOD_COLOURS[method] ?? "bg-slate-100"}`}
                >
                  {method}
                </span>
                <span>{path}</span>
                {op["x-required-scope"] && (
                  <span className="rounded bg-slate-100 px-2 py-0.5 text-xs">
                    {t("scope", { scope: op["x-required-scope"] })}
                  </span>
                )}
              </h2>
              <p className="mt-2 font-medium">{op.summary}</p>
              {op.description && <p className="mt-1 text-sm text-slate-700">{op.description}</p>}
              {op.parameters && op.parameters.length > 0 && (
                <table className="mt-3 w-full text-left text-sm">
                  <thead className="text-slate-600">
                    <tr>
                      <th className="py-1 pr-4">{t("parameter")}</th>
                      <th className="py-1 pr-4">{t("in")}</th>
                      <th className="py-1 pr-4">{t("schema")}</th>
                      <th className="py-1">{t("description")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100 align-top">
                        <td className="py-1 pr-4 font-mono">
                          {p.name}
                          {p.required && <span className="text-red-700">*</span>}
                        </td>
                        <td className="py-1 pr-4">{p.in}</td>
                        <td className="py-1 pr-4 font-mono text-xs">{JSON.stringify(p.schema)}</td>
                        <td className="py-1">{p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ul className="mt-3 text-sm">
                {Object.entries(op.responses).map(([status, r]) => (
                  <li key={status}>
                    <span className="font-mono">{status}</span> — {r.description}
                  </li>
                ))}
              </ul>
            </section>
          )),
        )}
        <section className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 className="text-lg font-semibold">{t("schemas")}</h2>
          {Object.entries(doc.components.schemas).map(([name, schema]) => (
            <details key={name} className="mt-2">
              <summary className="cursor-pointer font-mono text-sm">{name}</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-3 text-xs">
                {JSON.stringify(schema, null, 2)}
              </pre>
            </details>
          ))}
        </section>
      </main>
    </>
  );
}
