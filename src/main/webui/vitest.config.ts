import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

const here = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      { find: '@', replacement: resolve(here, 'src') },
      // the per-component CSS our sources import (src/ui/feedback.ts): not needed to test behaviour
      { find: /^element-plus\/es\/components\/.*\/style\/css$/, replacement: resolve(here, 'tests/empty.css') },
    ],
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    restoreMocks: true,
  },
})
