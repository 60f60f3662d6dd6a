// One Vite project, two apps: APP=console (staff, served at /console/) and APP=h5 (residents, /h5/).
// `npm run build` builds both (scripts/build-apps.mjs); `APP=h5 npm run dev` serves one with the API
// proxied to a running service (./mvnw quarkus:dev on :8080). See README.md here.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

const here = fileURLToPath(new URL('.', import.meta.url))
export const APPS = ['console', 'h5'] as const

export default defineConfig(() => {
  const app = process.env.APP ?? 'console'
  if (!(APPS as readonly string[]).includes(app)) throw new Error(`APP must be one of ${APPS.join(', ')}: ${app}`)
  const out = process.env.WEBUI_OUT ?? resolve(here, '../../../target/classes/META-INF/resources')
  const backend = process.env.BACKEND ?? 'http://localhost:8080'
  return {
    root: resolve(here, app),
    base: `/${app}/`,
    resolve: { alias: { '@': resolve(here, 'src') } },
    define: {
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    plugins: [
      vue(),
      // Element Plus components on demand: use <el-button> in a template and only that is bundled
      // (with its CSS). Functions such as ElMessage are imported by hand (src/ui/feedback.ts).
      Components({
        resolvers: [ElementPlusResolver({ importStyle: 'css' })],
        dirs: [],
        dts: resolve(here, 'src/components.d.ts'),
      }),
    ],
    build: {
      outDir: resolve(out, app),
      emptyOutDir: true,
      target: 'es2020',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 700,
    },
    server: {
      port: app === 'h5' ? 5174 : 5173,
      fs: { allow: [here] },
      proxy: { '/api': { target: backend, changeOrigin: false } },
    },
  }
})
