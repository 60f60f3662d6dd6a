// zh-CN first, English second. Messages live in ./messages/<area>.ts, one file per area, each
// exporting { 'zh-CN': {...}, en: {...} }; the file name is the namespace: messages/dispatch.ts's
// { queue: { title } } is t('dispatch.queue.title'). tests/i18n.test.ts checks both languages have
// the same keys in every file.
import { createI18n } from 'vue-i18n'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export type Messages = { [key: string]: string | Messages }
export type AreaMessages = Record<Locale, Messages>

const STORAGE_KEY = 'suishoupai.locale'

const modules = import.meta.glob<{ default: AreaMessages }>('./messages/*.ts', { eager: true })

export function collect(mods: Record<string, { default: AreaMessages }>): Record<Locale, Messages> {
  const out: Record<Locale, Messages> = { 'zh-CN': {}, en: {} }
  for (const [path, mod] of Object.entries(mods)) {
    const area = path.replace(/^.*\//, '').replace(/\.ts$/, '')
    for (const locale of LOCALES) out[locale][area] = mod.default[locale]
  }
  return out
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale
  } catch {
    // storage disabled: the default
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: collect(modules),
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // not kept: fine
  }
}
