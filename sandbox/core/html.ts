/** Minimal page shell for the provider screens: readable, no scripts, no external assets. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function page(title: string, bodyMarkup: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.sandbox{background:#fff4cc;border:1px solid #e0c200;padding:.4rem .6rem;font-size:.85rem}
.error{background:#fde2e2;border:1px solid #c33;padding:.5rem}
.banner{background:#e2f5e6;border:1px solid #3a3;padding:.5rem}
label{display:block;margin:.4rem 0}
fieldset{margin:.8rem 0}
button{margin-right:.5rem;padding:.4rem 1rem}
</style>
</head>
<body>
<p class="sandbox">Local sandbox — not a real provider.</p>
${bodyMarkup}
</body>
</html>`;
}
