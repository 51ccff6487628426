import { createMemoryStore } from './memory-store.ts';

describe('the in-memory store', () => {
  let clock = 0;
  const store = () => createMemoryStore(() => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('keeps a record until it expires', async () => {
    const codes = store()('AuthorizationCode');
    await codes.upsert('a', { accountId: 'u1' }, 60);
    clock += 59_000;
    expect(await codes.find('a')).toEqual({ accountId: 'u1' });
    clock += 1_000;
    expect(await codes.find('a')).toBeUndefined();
  });

  it('keeps models and stores apart', async () => {
    const first = store();
    await first('Session').upsert('x', { uid: 'uid-1' }, 60);
    expect(await first('Grant').find('x')).toBeUndefined();
    expect(await store()('Session').find('x')).toBeUndefined();
    expect(await first('Session').findByUid('uid-1')).toEqual({ uid: 'uid-1' });
  });

  it('marks a record consumed and destroys it', async () => {
    const codes = store()('AuthorizationCode');
    await codes.upsert('a', { accountId: 'u1' }, 60);
    await codes.consume('a');
    expect(await codes.find('a')).toMatchObject({ consumed: 1000 });
    await codes.destroy('a');
    expect(await codes.find('a')).toBeUndefined();
  });

  it("revokes a grant's codes and tokens, not its session", async () => {
    const adapters = store();
    await adapters('AuthorizationCode').upsert('code', { grantId: 'g1' }, 60);
    await adapters('RefreshToken').upsert('rt', { grantId: 'g1' }, 60);
    await adapters('RefreshToken').upsert('other', { grantId: 'g2' }, 60);
    await adapters('Session').upsert('s', { uid: 'u', grantId: 'g1' }, 60);
    await adapters('RefreshToken').revokeByGrantId('g1');
    expect(await adapters('AuthorizationCode').find('code')).toBeUndefined();
    expect(await adapters('RefreshToken').find('rt')).toBeUndefined();
    expect(await adapters('RefreshToken').find('other')).toBeDefined();
    expect(await adapters('Session').find('s')).toBeDefined();
  });
});
