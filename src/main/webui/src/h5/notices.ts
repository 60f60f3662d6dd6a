// The unread count the bell shows: read by the shell, lowered by the notices page.
import { ref } from 'vue'
import { api } from '@/api/client'

export const unread = ref(0)

export async function refreshUnread(): Promise<void> {
  try {
    const { data } = await api.GET('/api/v1/notices/mine', { params: { query: { page: 0, size: 1, unread: true } } })
    if (data) unread.value = Number(data.unread ?? data.total ?? 0)
  } catch {
    // offline: keep the last count
  }
}
