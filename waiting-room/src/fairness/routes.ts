import { defineRoute } from '@ticketing/common';
import { dropParams } from '../queue/schema.ts';
import { fairnessRecordSchema } from './schema.ts';
import type { FairnessService } from './service.ts';

export function fairnessRoutes(fairness: FairnessService) {
  return [
    defineRoute({
      method: 'get',
      path: '/drops/:dropId/fairness',
      access: 'public',
      input: { params: dropParams },
      output: { 200: fairnessRecordSchema },
      async handler({ input }) {
        const record = await fairness.record(input.params.dropId);
        // Public and the same for everyone; once revealed it never changes.
        const cacheControl = record.revealed ? 'public, max-age=300, immutable' : 'public, max-age=1';
        return { status: 200, body: record, headers: { 'Cache-Control': cacheControl } };
      },
    }),
  ];
}
