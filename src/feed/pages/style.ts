/**
 * The one stylesheet of every page, inlined by the layout: a readable column on phone and
 * desktop, system fonts, contrast ≥ 4.5:1 in light and dark schemes, a visible focus outline.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#4a4a4a;--link:#0645ad;--visited:#5a3696;--rule:#d0d0d0;--focus:#b45309;--badge-bg:#e6f4ea;--badge-fg:#0d5323;--panel:#f5f5f5}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#b8b8b8;--link:#8ab4f8;--visited:#c58af9;--rule:#3a3a3a;--focus:#fbbf24;--badge-bg:#1e3a28;--badge-fg:#c8f0d2;--panel:#1e1e1e}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:44rem;margin:0 auto;padding:0 1rem}
a{color:var(--link)}a:visited{color:var(--visited)}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem}
header,footer{border-color:var(--rule);border-style:solid;border-width:0}
header{border-bottom-width:1px;padding:.75rem 0}
footer{border-top-width:1px;margin-top:2.5rem;padding:1rem 0;color:var(--muted);font-size:.9375rem}
.site{font-weight:700;font-size:1.125rem;text-decoration:none}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
h1{font-size:1.75rem;line-height:1.25;margin:1.25rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;line-height:1.3;margin:1.5rem 0 .25rem;overflow-wrap:anywhere}
h3{font-size:1.0625rem;line-height:1.35;margin:0 0 .25rem;overflow-wrap:anywhere}
.muted,.when{color:var(--muted);font-size:.9375rem}
.entries,.outlets,.timeline{list-style:none;padding:0;margin:0}
.entries>li{border-bottom:1px solid var(--rule);padding:0 0 1rem}
.outlets>li{border-left:3px solid var(--rule);padding:.25rem 0 .25rem .75rem;margin:0 0 1rem}
.outlets>li.copy{border-left-style:dashed}
.timeline{list-style:decimal;padding-left:1.5rem}
.timeline li{margin:.35rem 0}
.timeline [aria-current]{font-weight:700}
.badge{display:inline-block;background:var(--badge-bg);color:var(--badge-fg);border-radius:.25rem;padding:0 .4rem;font-size:.875rem;font-weight:600}
form.filters{background:var(--panel);border:1px solid var(--rule);border-radius:.375rem;padding:.75rem;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
form.filters label{display:flex;flex-direction:column;font-size:.9375rem;gap:.2rem}
form.filters input{font:inherit;padding:.3rem .4rem;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg);min-width:0;width:11rem;max-width:100%}
form.filters input[type=number]{width:6rem}
form.filters button{font:inherit;padding:.35rem .9rem;border:1px solid var(--fg);border-radius:.25rem;background:var(--fg);color:var(--bg);cursor:pointer}
.pager{display:flex;justify-content:space-between;margin:1.5rem 0}
@media (min-width:48rem){h1{font-size:2rem}}
`
