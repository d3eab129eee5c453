import Link from "next/link";

/** An invitation or reset link that cannot be used: say why, offer the way on. */
export function LinkProblem({
  heading,
  text,
  href,
  linkLabel,
}: {
  heading: string;
  text: string;
  href: string;
  linkLabel: string;
}) {
  return (
    <>
      <h1 className="mb-3 text-2xl font-semibold">{heading}</h1>
      <p
        role="alert"
        data-testid="flow-error"
        className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-900"
      >
        {text}
      </p>
      <p className="mt-6">
        <Link href={href} className="font-medium text-indigo-700 underline">
          {linkLabel}
        </Link>
      </p>
    </>
  );
}
