import { calendarFile } from './ics.ts';

describe('add to calendar', () => {
  it('writes one event in UTC with escaped text and folded lines', () => {
    const file = calendarFile(
      {
        uid: 'event-1@tickets.test',
        name: 'Jazz, late; and loud',
        description: `Line one\nYour tickets: https://tickets.test/me/tickets ${'x'.repeat(80)}`,
        startsAt: '2027-03-14T19:30:00.000Z',
        endsAt: null,
        location: 'Harbour Arena, Rotterdam',
        url: 'https://tickets.test/events/event-1',
      },
      new Date('2027-01-01T00:00:00.000Z'),
    );
    const lines = file.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('DTSTART:20270314T193000Z');
    expect(lines).toContain('DTEND:20270314T223000Z');
    expect(lines).toContain('SUMMARY:Jazz\\, late\\; and loud');
    expect(lines.every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(file.replace(/\r\n /g, '')).toContain(
      'DESCRIPTION:Line one\\nYour tickets: https://tickets.test/me/tickets',
    );
    expect(file.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
