import { createSealer } from './seal.ts';

const secret = 'a-session-secret-of-at-least-32-characters';
const older = 'an-older-session-secret-still-32-characters';

describe('sealed cookies', () => {
  it('opens what it sealed, and nothing else', async () => {
    const sealer = createSealer(secret);
    const sealed = await sealer.seal({ sub: 'fan-1', accessToken: 'token' }, 60);
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed).not.toContain('token');
    await expect(sealer.open(sealed)).resolves.toMatchObject({ sub: 'fan-1', accessToken: 'token' });
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(sealer.open(tampered)).resolves.toBeUndefined();
    await expect(sealer.open('not a cookie')).resolves.toBeUndefined();
    await expect(createSealer(older).open(sealed)).resolves.toBeUndefined();
  });

  it('rotates: the first secret seals, every listed one opens', async () => {
    const sealedBefore = await createSealer(older).seal({ sub: 'fan-2' }, 60);
    const rotated = createSealer(`${secret},${older}`);
    await expect(rotated.open(sealedBefore)).resolves.toMatchObject({ sub: 'fan-2' });
    const sealedAfter = await rotated.seal({ sub: 'fan-3' }, 60);
    await expect(createSealer(secret).open(sealedAfter)).resolves.toMatchObject({ sub: 'fan-3' });
  });

  it('refuses what has expired', async () => {
    const sealer = createSealer(secret);
    const sealed = await sealer.seal({ sub: 'fan-4' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(sealer.open(sealed)).resolves.toBeUndefined();
  });
});
