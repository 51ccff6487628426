import { safeReturnTo, signInPath } from './return-to.ts';

describe('where sign-in returns to', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeReturnTo('/events/1/drops/2/line?x=1#top')).toBe('/events/1/drops/2/line?x=1#top');
  });

  it.each([null, '', 'https://evil.test/', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)', 'events'])(
    'sends %p home instead',
    (value) => {
      expect(safeReturnTo(value)).toBe('/');
    },
  );

  it('builds the sign-in link with the return path encoded', () => {
    expect(signInPath('/me/tickets?a=b')).toBe('/auth/login?returnTo=%2Fme%2Ftickets%3Fa%3Db');
  });
});
