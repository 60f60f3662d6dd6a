// Phone-sized layout: below 768 px the console hides its side menu behind a button.
import { onBeforeUnmount, ref } from 'vue'

export const PHONE_QUERY = '(max-width: 767px)'

export function usePhone() {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null
  const phone = ref(query?.matches ?? false)
  const update = (e: MediaQueryListEvent) => (phone.value = e.matches)
  query?.addEventListener('change', update)
  onBeforeUnmount(() => query?.removeEventListener('change', update))
  return phone
}
