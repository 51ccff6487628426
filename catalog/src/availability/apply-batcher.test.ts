import { randomUUID } from 'node:crypto';
import { createApplyBatcher } from './apply-batcher.ts';
import type { ApplyResult, SeatChange } from './cache.ts';

const change = (eventId: string): SeatChange => ({
  eventId,
  messageId: randomUUID(),
  occurredAtMs: Date.now(),
  seats: [{ seatId: randomUUID(), sectionId: 's', status: 'held', version: 2, heldUntilMs: null }],
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An apply that records each batch and finishes only when the test says so. */
function recordingApply() {
  const calls: Array<{ changes: readonly SeatChange[]; done: ReturnType<typeof deferred<ApplyResult>> }> = [];
  return {
    calls,
    apply(changes: readonly SeatChange[]) {
      const done = deferred<ApplyResult>();
      calls.push({ changes, done });
      return done.promise;
    },
  };
}

const ok = (seq: number): ApplyResult => ({ state: 'ok', seq, gaps: 0, changed: 1 });
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('the first change goes at once; those arriving meanwhile go together in one call', async () => {
  const recorder = recordingApply();
  const batcher = createApplyBatcher({ apply: (c) => recorder.apply(c) });
  const [a, b, c] = [change('e1'), change('e1'), change('e1')];
  const first = batcher.submit(a);
  const second = batcher.submit(b);
  const third = batcher.submit(c);
  expect(recorder.calls.map((call) => call.changes)).toEqual([[a]]);

  recorder.calls[0]?.done.resolve(ok(1));
  await expect(first).resolves.toEqual(ok(1));
  await settle();
  expect(recorder.calls[1]?.changes).toEqual([b, c]);
  recorder.calls[1]?.done.resolve(ok(2));
  await expect(second).resolves.toEqual(ok(2));
  await expect(third).resolves.toEqual(ok(2));
});

test('events do not wait for each other', async () => {
  const recorder = recordingApply();
  const batcher = createApplyBatcher({ apply: (c) => recorder.apply(c) });
  const [a, b] = [change('e1'), change('e2')];
  void batcher.submit(a);
  void batcher.submit(b);
  expect(recorder.calls.map((call) => call.changes)).toEqual([[a], [b]]);
  for (const call of recorder.calls) call.done.resolve(ok(1));
});

test('a failed batch fails every change in it, and later changes still go', async () => {
  const recorder = recordingApply();
  const batcher = createApplyBatcher({ apply: (c) => recorder.apply(c) });
  const first = batcher.submit(change('e1'));
  const second = batcher.submit(change('e1'));
  const third = batcher.submit(change('e1'));
  recorder.calls[0]?.done.resolve(ok(1));
  await first;
  await settle();
  recorder.calls[1]?.done.reject(new Error('Redis is away'));
  await expect(second).rejects.toThrow('Redis is away');
  await expect(third).rejects.toThrow('Redis is away');

  const later = batcher.submit(change('e1'));
  expect(recorder.calls).toHaveLength(3);
  recorder.calls[2]?.done.resolve(ok(2));
  await expect(later).resolves.toEqual(ok(2));
});

test('a batch holds at most maxMessages changes', async () => {
  const recorder = recordingApply();
  const batcher = createApplyBatcher({ apply: (c) => recorder.apply(c), maxMessages: 2 });
  const submitted = [change('e1'), change('e1'), change('e1'), change('e1')];
  const results = submitted.map((c) => batcher.submit(c));
  recorder.calls[0]?.done.resolve(ok(1));
  await settle();
  expect(recorder.calls[1]?.changes).toHaveLength(2);
  recorder.calls[1]?.done.resolve(ok(2));
  await settle();
  expect(recorder.calls[2]?.changes).toHaveLength(1);
  recorder.calls[2]?.done.resolve(ok(3));
  await Promise.all(results);
});
