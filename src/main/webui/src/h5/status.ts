// How a report status and a reward state look (the tag colour); their texts are in messages/h5.ts.
type Tag = 'primary' | 'success' | 'warning' | 'info' | 'danger'

export const STATUS_TAG: Record<string, Tag> = {
  PHOTOS_PROCESSING: 'info',
  SUBMITTED: 'info',
  ACCEPTED: 'primary',
  IN_PROGRESS: 'warning',
  CLOSED: 'success',
  REJECTED: 'danger',
  MERGED: 'info',
}

export const REWARD_TAG: Record<string, Tag> = {
  ACCRUED: 'info',
  APPROVED: 'primary',
  IN_BATCH: 'primary',
  PAID: 'success',
  FAILED: 'danger',
  CANCELLED: 'info',
}

export function statusTag(s: string | undefined): Tag {
  return (s && STATUS_TAG[s]) || 'info'
}

export function rewardTag(s: string | undefined): Tag {
  return (s && REWARD_TAG[s]) || 'info'
}
