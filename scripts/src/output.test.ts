import { createPainter, createPrefixer, formatLogLine, renderTable } from './output.ts';

const plain = createPainter({ isTTY: false }, {});

test('colour only for a terminal, never with NO_COLOR, always with FORCE_COLOR', () => {
  expect(createPainter({ isTTY: false }, {}).enabled).toBe(false);
  expect(createPainter({ isTTY: true }, {}).enabled).toBe(true);
  expect(createPainter({ isTTY: true }, { NO_COLOR: '1' }).enabled).toBe(false);
  expect(createPainter({ isTTY: false }, { FORCE_COLOR: '1' }).enabled).toBe(true);
  expect(createPainter({ isTTY: true }, {}).colour(36, 'x')).toBe('\x1b[36mx\x1b[39m');
});

test('prefixes are padded to the longest service name', () => {
  const prefix = createPrefixer(['booking', 'booking-payments'], plain);
  expect(prefix('booking')).toBe('booking          | ');
  expect(prefix('booking-payments')).toBe('booking-payments | ');
});

test("a pino line becomes time, level, message and its own fields; an error's stack follows", () => {
  const line = JSON.stringify({
    level: 50,
    time: '2030-01-01T10:11:12.000Z',
    pid: 1,
    hostname: 'h',
    service: 'booking',
    requestId: 'r1',
    err: { message: 'boom', stack: 'Error: boom\n    at x' },
    msg: 'request failed',
  });
  expect(formatLogLine(line, plain)).toEqual([
    '10:11:12 ERROR request failed {"requestId":"r1"}',
    'Error: boom',
    '    at x',
  ]);
  expect(formatLogLine('plain text {', plain)).toEqual(['plain text {']);
  expect(formatLogLine('{"not":"pino"}', plain)).toEqual(['{"not":"pino"}']);
});

test('tables line up their columns', () => {
  const table = renderTable(
    ['service', 'status'],
    [{ cells: ['identity', 'up'] }, { cells: ['booking', 'not answering'] }],
    plain,
  );
  expect(table.split('\n')).toEqual([
    'service   status',
    '--------  -------------',
    'identity  up',
    'booking   not answering',
  ]);
});
