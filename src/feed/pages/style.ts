/**
 * The one stylesheet of every page, inlined by the layout: a readable column on phone and
 * desktop, system fonts, contrast ≥ 4.5:1 in light and dark schemes, a visible focus outline.
 * The first two rules hold the colour schemes (light, then dark); the page tests read them.
 */
export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#4a4a4a;--link:#0645ad;--visited:#5a3696;--rule:#d0d0d0;--focus:#b45309;--badge-bg:#e6f4ea;--badge-fg:#0d5323;--panel:#f5f5f5;--copy-bg:#eef1f8;--copy-fg:#24365e;--accent:#0645ad}
@media (prefers-color-scheme:dark){:root{--bg:#121212;--fg:#ececec;--muted:#b8b8b8;--link:#8ab4f8;--visited:#c58af9;--rule:#3a3a3a;--focus:#fbbf24;--badge-bg:#1e3a28;--badge-fg:#c8f0d2;--panel:#1e1e1e;--copy-bg:#1f2a40;--copy-fg:#d3def5;--accent:#8ab4f8}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.wrap{max-width:44rem;margin:0 auto;padding:0 1rem}
p{margin:0 0 .75rem}
a{color:var(--link);text-underline-offset:.15em}a:visited{color:var(--visited)}
a:hover{text-decoration-thickness:2px}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible,main:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
main:focus:not(:focus-visible){outline:none}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:1}
.skip:focus{left:1rem;top:.5rem}
header,footer{border-color:var(--rule);border-style:solid;border-width:0}
header{border-bottom-width:1px;padding:.6rem 0}
.bar{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1.5rem}
footer{border-top-width:1px;margin-top:3rem;padding:1.25rem 0 2rem;color:var(--muted);font-size:.9375rem}
footer p{margin:0 0 .5rem}
.site{font-weight:700;font-size:1.1875rem;text-decoration:none;color:var(--fg)}
.site:visited{color:var(--fg)}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9375rem}
h1{font-size:1.625rem;line-height:1.2;margin:1.5rem 0 .5rem;overflow-wrap:anywhere;letter-spacing:-.01em}
h2{font-size:1.25rem;line-height:1.3;margin:0 0 .35rem;overflow-wrap:anywhere}
h3{font-size:1.0625rem;line-height:1.35;margin:0 0 .35rem;overflow-wrap:anywhere}
h1 a,h2 a,h3 a{text-decoration-thickness:1px}
section{margin-top:2rem}
section>h2{font-size:1.125rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin-bottom:.5rem}
.muted,.when{color:var(--muted);font-size:.9375rem}
.approx{font-style:italic}
.small{font-size:.875rem}
.kicker{margin:1.5rem 0 0;font-size:.8125rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.kicker+h1{margin-top:.15rem}
.when{margin-bottom:1rem}
.lede{font-size:1.125rem}
.outlet-names{font-size:.9375rem;color:var(--muted)}
.outlet-names strong{color:var(--fg)}
.actions{font-size:.9375rem}
.entries,.outlets,.timeline{list-style:none;padding:0;margin:0}
.entries>li{border-bottom:1px solid var(--rule);padding:1.25rem 0 .5rem}
.entries>li:last-child{border-bottom:0}
.entries .when{margin-bottom:.35rem}
.outlets>li{border-left:3px solid var(--rule);padding:.1rem 0 .1rem .9rem;margin:0 0 1.5rem}
.outlets>li.copy{border-left-style:dashed}
.source{margin:0 0 .2rem;font-size:.9375rem}
.outlet{font-weight:700}
.note{font-style:italic;color:var(--muted);font-size:.9375rem}
.adds{margin:.5rem 0 0}
.adds-label{margin:0 0 .2rem;font-size:.8125rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.adds ul{margin:0;padding-left:1.15rem}
.adds li{margin:0 0 .35rem}
.timeline{position:relative;margin:.5rem 0 1rem}
.timeline>li{position:relative;padding:0 0 1rem 1.5rem;border-left:2px solid var(--rule);margin-left:.4rem}
.timeline>li:last-child{border-left-color:transparent}
.timeline>li::before{content:"";position:absolute;left:-.45rem;top:.3rem;width:.8rem;height:.8rem;border-radius:50%;background:var(--bg);border:2px solid var(--muted)}
.timeline>li.current::before{background:var(--accent);border-color:var(--accent)}
.timeline>li>p{margin:0 0 .1rem}
.timeline [aria-current]{font-weight:700}
.timeline.story>li{padding-bottom:1.75rem}
.timeline.story h2{margin-bottom:.4rem}
.badge{display:inline-block;background:var(--badge-bg);color:var(--badge-fg);border-radius:.25rem;padding:0 .4rem;font-size:.8125rem;font-weight:600;line-height:1.6;white-space:nowrap}
.copy-badge{background:var(--copy-bg);color:var(--copy-fg)}
.filter-box{margin:0 0 .5rem}
.filter-box>summary{display:inline-block;cursor:pointer;font-size:.9375rem;padding:.3rem .8rem;border:1px solid var(--rule);border-radius:.375rem;background:var(--panel);list-style-position:inside}
.filter-box>summary::before{content:"▸ "}.filter-box[open]>summary::before{content:"▾ "}
.filter-box[open]>summary{margin-bottom:.5rem}
form.filters{background:var(--panel);border:1px solid var(--rule);border-radius:.375rem;padding:.75rem;margin:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.6fr);grid-template-areas:"min outlet" "q q" "btn btn";gap:.6rem .75rem;align-items:end}
.f-min{grid-area:min}.f-outlet{grid-area:outlet}.f-q{grid-area:q}form.filters .buttons{grid-area:btn}
form.filters label{display:flex;flex-direction:column;font-size:.9375rem;gap:.2rem}
form.filters input{font:inherit;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:.25rem;background:var(--bg);color:var(--fg);width:100%;min-width:0}
form.filters .buttons{display:flex;align-items:center;gap:1rem;margin:0}
form.filters button{font:inherit;padding:.35rem 1rem;border:1px solid var(--fg);border-radius:.25rem;background:var(--fg);color:var(--bg);cursor:pointer}
.pager{display:flex;justify-content:space-between;margin:1.5rem 0}
@media (min-width:40rem){.filter-box>summary{display:none}.filter-box::details-content{content-visibility:visible}form.filters{grid-template-columns:8.5rem 1fr 1fr auto;grid-template-areas:"min outlet q btn";align-items:end}form.filters .buttons{padding-bottom:.1rem}}
@media (min-width:48rem){h1{font-size:2rem}.wrap{padding:0 1.5rem}}
`
