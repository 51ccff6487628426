import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface DemoLogin {
  username: string;
  password: string;
  roles: string[];
}

// Only the fields the table needs; identity/ validates the whole export.
const realmUsers = z.object({
  users: z
    .array(
      z.object({
        username: z.string(),
        realmRoles: z.array(z.string()).default([]),
        credentials: z.array(z.object({ type: z.string(), value: z.string().optional() })).default([]),
      }),
    )
    .default([]),
});

/** The realm export's users that sign in with a password, as the start-up summary lists them. */
export function demoLogins(realmFile: string): DemoLogin[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(realmFile, 'utf8'));
  } catch {
    return [];
  }
  const parsed = realmUsers.safeParse(raw);
  if (!parsed.success) return [];
  return parsed.data.users.flatMap((user) => {
    const password = user.credentials.find((c) => c.type === 'password')?.value;
    return password === undefined ? [] : [{ username: user.username, password, roles: user.realmRoles }];
  });
}
