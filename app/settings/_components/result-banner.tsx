/** The outcome of a people action (?notice= or ?error=), as a chosen sentence. */
export function ResultBanner({ text, tone }: { text: string | undefined; tone: "success" | "error" }) {
  if (!text) return null;
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      data-testid={tone === "error" ? "form-error" : "notice"}
      className={`mb-6 rounded-md border px-4 py-3 ${tone === "error" ? "border-red-200 bg-red-50 text-red-900" : "border-emerald-200 bg-emerald-50 text-emerald-900"}`}
    >
      {text}
    </p>
  );
}
