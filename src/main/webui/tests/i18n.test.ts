import { describe, expect, it } from 'vitest'
import type { AreaMessages, Messages } from '@/i18n'

const modules = import.meta.glob<{ default: AreaMessages }>('../src/i18n/messages/*.ts', { eager: true })

function keys(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

function empty(m: Messages): string[] {
  return keys(m).filter((k) => {
    const v = k.split('.').reduce<unknown>((o, p) => (o as Messages)[p], m)
    return typeof v !== 'string' || v.trim() === ''
  })
}

describe('messages', () => {
  it('there are message files', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(2)
  })

  for (const [file, mod] of Object.entries(modules)) {
    it(`${file}: zh-CN and en have the same keys, none empty`, () => {
      expect(keys(mod.default.en).sort()).toEqual(keys(mod.default['zh-CN']).sort())
      expect(empty(mod.default['zh-CN'])).toEqual([])
      expect(empty(mod.default.en)).toEqual([])
    })
  }
})
