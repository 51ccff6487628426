import type { OrganizerEvent } from '../api/organizer.ts';

export const statusWords: Record<OrganizerEvent['status'], string> = {
  draft: 'Draft',
  published: 'Published',
  on_sale: 'On sale',
  ended: 'Ended',
  cancelled: 'Cancelled',
};
