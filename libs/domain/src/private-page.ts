import type { Language } from './graduate-rules';

/*
 * The shell of every page a graduate or family member opens from a private link (check-in form,
 * invitation, feedback): plain HTML, no script, nothing loaded from elsewhere, so it works on any
 * phone, on a slow connection and with JavaScript off, and tells no third party anything.
 */

/**
 * The whole document. No script, no external stylesheet or font, no referrer (the private link
 * is in the address, and must not travel to anything the page links to), and not for search engines.
 */
export function privatePage(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Large tap targets (at least 48px), readable text without zooming, visible focus. */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fafafa}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h1 .org,p.org{display:block;font-size:1rem;font-weight:normal;color:#555;margin:0 0 .25rem}
fieldset,.field{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend,.field>label:not(.choice){font-weight:600;margin-bottom:.5rem;padding:0;display:block}
.hint{color:#555;margin:0 0 .5rem;font-size:1rem}
.choices{display:grid;gap:.5rem}
.choices.compact{grid-template-columns:repeat(auto-fill,minmax(3.25rem,1fr))}
.choice{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.625rem .875rem;border:2px solid #bbb;border-radius:.5rem;background:#fff;cursor:pointer}
.compact .choice{justify-content:center;padding:.625rem .25rem;gap:.375rem}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#1d4f91}
.compact .choice input{width:1.125rem;height:1.125rem}
.choice:focus-within{outline:3px solid #1d4f91;outline-offset:2px}
textarea{width:100%;font:inherit;padding:.625rem;border:2px solid #bbb;border-radius:.5rem}
textarea:focus{outline:3px solid #1d4f91;outline-offset:2px}
button{display:block;width:100%;min-height:3.25rem;font:inherit;font-weight:600;color:#fff;background:#1d4f91;border:0;border-radius:.5rem;cursor:pointer}
button:focus{outline:3px solid #1a1a1a;outline-offset:2px}
.errors{border:3px solid #b00020;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.5rem;background:#fff}
.errors h2{font-size:1.125rem;margin:0 0 .5rem}
.errors ul{margin:0;padding-left:1.25rem}
.errors a{color:#b00020}
.error{color:#b00020;font-weight:600;margin:0 0 .5rem}
.invalid .choice,.invalid textarea{border-color:#b00020}
.crisis{border-left:4px solid #1d4f91;padding:.5rem 1rem;background:#fff;margin-top:1.5rem}
.crisis a{font-weight:700}
.details{background:#fff;border:2px solid #ddd;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.5rem}
.details dt{font-weight:600}
.details dd{margin:0 0 .5rem}
.actions{display:grid;gap:.75rem;margin:0 0 1.5rem}
button.secondary{color:#1d4f91;background:#fff;border:2px solid #1d4f91}
.status{font-weight:600}
input[type=text]{width:100%;font:inherit;padding:.625rem;border:2px solid #bbb;border-radius:.5rem;text-transform:uppercase;letter-spacing:.2em}
input[type=text]:focus{outline:3px solid #1d4f91;outline-offset:2px}
.rating{display:grid;grid-template-columns:repeat(5,1fr);gap:.5rem}
`;

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}
