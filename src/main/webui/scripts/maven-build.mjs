// What the Maven build runs in generate-resources (pom.xml, exec-maven-plugin):
//   1. `npm ci` when node_modules is missing or was installed from another package-lock.json;
//   2. `npm run build` (type check + both apps) into <out> when any input changed since the last
//      build into <out> (inputs hashed; the stamp lives in <stamp>), else nothing.
// Offline-safe once node_modules exists: nothing else touches the network.
// Usage: node scripts/maven-build.mjs <out dir> <stamp file>
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [outArg, stampArg] = process.argv.slice(2)
if (!outArg || !stampArg) {
  console.error('usage: node scripts/maven-build.mjs <out dir> <stamp file>')
  process.exit(2)
}
const out = resolve(outArg)
const stamp = resolve(stampArg)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(args, env = {}) {
  console.log(`webui: npm ${args.join(' ')}`)
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) {
    console.error(`webui: npm ${args.join(' ')} failed (exit ${r.status ?? r.signal}); see above`)
    process.exit(1)
  }
}

function sha(...parts) {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}

// 1. dependencies
const lock = readFileSync(join(root, 'package-lock.json'))
const depsStamp = join(root, 'node_modules', '.suishoupai-lock.sha256')
const lockHash = sha(lock)
if (!existsSync(depsStamp) || readFileSync(depsStamp, 'utf8') !== lockHash) {
  run(['ci', '--no-audit', '--no-fund', '--loglevel=error'])
  writeFileSync(depsStamp, lockHash)
}

// 2. build when stale
const INPUTS = ['package-lock.json', 'package.json', 'tsconfig.json', 'vite.config.ts', 'src', 'console', 'h5', 'scripts/build-apps.mjs']
function files(p) {
  const abs = join(root, p)
  if (!existsSync(abs)) return []
  if (statSync(abs).isFile()) return [abs]
  return readdirSync(abs, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => files(join(p, e.name)))
}
const h = createHash('sha256')
h.update(out)
for (const f of INPUTS.flatMap(files)) {
  h.update(relative(root, f))
  h.update(readFileSync(f))
}
const inputsHash = h.digest('hex')
const built = ['console', 'h5'].every((app) => existsSync(join(out, app, 'index.html')))
if (built && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash) {
  console.log('webui: up to date')
  process.exit(0)
}
run(['run', 'build'], { WEBUI_OUT: out })
mkdirSync(dirname(stamp), { recursive: true })
writeFileSync(stamp, inputsHash)
