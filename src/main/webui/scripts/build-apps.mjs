// Builds both apps (console, h5), one Vite build each, into $WEBUI_OUT/<app>
// (default ../../../target/classes/META-INF/resources, where Quarkus serves static files from).
import { build } from 'vite'
import { fileURLToPath } from 'node:url'

const config = fileURLToPath(new URL('../vite.config.ts', import.meta.url))
const apps = process.argv.slice(2).length ? process.argv.slice(2) : ['console', 'h5']

for (const app of apps) {
  process.env.APP = app
  const started = Date.now()
  await build({ configFile: config, logLevel: 'warn' })
  console.log(`webui: built ${app} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
