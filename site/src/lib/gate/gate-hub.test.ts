import { hubAddress, hubStateOf } from './gate-hub.ts';

describe('the hub address a steward types', () => {
  test('a bare address on the LAN is taken as http, without a trailing slash', () => {
    expect(hubAddress('192.168.1.20:4014', 'http:')).toEqual({ ok: true, url: 'http://192.168.1.20:4014' });
    expect(hubAddress('https://hub.venue.example/', 'https:')).toEqual({
      ok: true,
      url: 'https://hub.venue.example',
    });
  });

  test('an http hub behind an https page is refused, since the browser would block every call', () => {
    const answer = hubAddress('http://192.168.1.20:4014', 'https:');
    expect(answer).toEqual({ ok: false, problem: expect.stringContaining('HTTPS') });
  });

  test('what is not a web address is refused in words', () => {
    expect(hubAddress('http://', 'http:').ok).toBe(false);
    expect(hubAddress('ftp://192.168.1.20', 'http:')).toEqual({
      ok: false,
      problem: 'The hub address must start with http:// or https://.',
    });
  });
});

test('a hub that refuses the key or the event is told apart from one that is down', () => {
  expect(hubStateOf(200)).toBe('answering');
  expect(hubStateOf(401)).toBe('refused');
  expect(hubStateOf(409)).toBe('refused');
  expect(hubStateOf(503)).toBe('unreachable');
});
