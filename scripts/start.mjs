#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, then `wrangler dev` on http://127.0.0.1:8787.
//  1. bundle corpus/ into src/service/corpus.gen.ts (the Worker folds it in on first use)
//  2. write .dev.vars with a random INGEST_TOKEN if there is none
//  3. apply the D1 migrations to the local database
//  4. run wrangler dev, then make one request so the corpus is ingested before you look
// Environment: PORT (default 8787), STORYFOLD_STATE (wrangler's local state dir, default
// .wrangler/state), INGEST_TOKEN (overrides the one in .dev.vars), INSPECTOR_PORT (wrangler's devtools
// port, default 9229), ALLOW_PRIVATE_SOURCES (default true here: loopback sources allowed),
// DEFAULT_SOURCES, POLL_MAX_ITEMS and SEED_CORPUS (override wrangler.toml's; SEED_CORPUS=off starts without the corpus).
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const port = process.env.PORT ?? '8787'
const state = process.env.STORYFOLD_STATE ?? join(root, '.wrangler', 'state')
const wrangler = join(root, 'node_modules', '.bin', 'wrangler')

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } })
  if (r.status !== 0) {
    console.error(`storyfold: ${cmd} ${args.join(' ')} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
}

run(process.execPath, [join(root, 'scripts', 'corpus-bundle.mjs')])

// INGEST_TOKEN in the environment wins (tests run several servers at once); else .dev.vars.
const extraVars = process.env.INGEST_TOKEN ? ['--var', `INGEST_TOKEN:${process.env.INGEST_TOKEN}`] : []
// INSPECTOR_PORT: the devtools port (wrangler's default is 9229, which two servers started at once
// can both find free and then both try to bind; the tests give each server a port of its own).
const inspector = process.env.INSPECTOR_PORT ? ['--inspector-port', process.env.INSPECTOR_PORT] : []
// Locally, sources may live on loopback (a feed served on 127.0.0.1); production keeps it off.
// ALLOW_PRIVATE_SOURCES=false in the environment turns it off here too; DEFAULT_SOURCES and
// POLL_MAX_ITEMS override wrangler.toml's.
extraVars.push('--var', `ALLOW_PRIVATE_SOURCES:${process.env.ALLOW_PRIVATE_SOURCES ?? 'true'}`)
for (const name of ['DEFAULT_SOURCES', 'POLL_MAX_ITEMS', 'SEED_CORPUS']) if (process.env[name] !== undefined) extraVars.push('--var', `${name}:${process.env[name]}`)
const devVars = join(root, '.dev.vars')
const vars = existsSync(devVars) ? readFileSync(devVars, 'utf8') : ''
if (!process.env.INGEST_TOKEN && !/^INGEST_TOKEN=/m.test(vars)) {
  writeFileSync(devVars, `${vars}${vars && !vars.endsWith('\n') ? '\n' : ''}INGEST_TOKEN=${randomBytes(24).toString('hex')}\n`, { mode: 0o600 })
  console.log('storyfold: wrote a random INGEST_TOKEN to .dev.vars (use it as the Bearer token for writes)')
}

run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state])

const dev = spawn(
  wrangler,
  ['dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', state, '--test-scheduled', '--show-interactive-dev-session=false', ...inspector, ...extraVars],
  { cwd: root, stdio: 'inherit', env: { WRANGLER_SEND_METRICS: 'false', ...process.env } },
)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => dev.kill(sig))
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))

// Warm up: the first request folds the corpus in, so the feeds are ready when you open them.
const base = `http://127.0.0.1:${port}`
for (let i = 0; i < 120; i++) {
  await new Promise((r) => setTimeout(r, 500))
  try {
    const res = await fetch(`${base}/health`)
    if (res.ok) {
      console.log(`\nstoryfold is up: ${base}/  feeds: ${base}/feed.xml ${base}/atom.xml ${base}/feed.json\n`)
      break
    }
  } catch {
    // not listening yet
  }
}
