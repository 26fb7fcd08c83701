// Staff accounts on a test site, one per role, and a signed-in form client for each.
import { createUser, type Role, type User } from '../../src/modules/accounts/index.ts';
import { FormClient } from './form-client.ts';
import type { TestSite } from './site.ts';

export const STAFF_PASSWORD = 'lantern over the ferry';

export interface Staff {
  users: Partial<Record<Role, User>>;
  signedIn(role: Role): Promise<FormClient>;
}

/** One account per role (`<role>@kv7.example`, named "Staff <role>"). */
export async function addStaff(site: TestSite, roles: readonly Role[]): Promise<Staff> {
  const users: Partial<Record<Role, User>> = {};
  for (const role of roles) users[role] = await createUser(site.web.db, { email: `${role}@kv7.example`, displayName: `Staff ${role}`, password: STAFF_PASSWORD, role, verified: true });
  return {
    users,
    async signedIn(role) {
      const client = new FormClient(site);
      await client.signIn(users[role]!.email, STAFF_PASSWORD);
      return client;
    },
  };
}

/** The story id in a desk redirect (`/desk/stories/<id>?done=…`). */
export const storyIdIn = (location: unknown) => /\/desk\/stories\/([0-9a-z-]+)\?/.exec(String(location))?.[1] ?? '';
