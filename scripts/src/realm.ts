import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The realm export with the storefront client registered at another site
 * origin (an instance's or a test's port), written to `folder`; the
 * identity provider reads it through IDENTITY_REALM_FILE.
 */
export async function realmForSite(root: string, siteOrigin: string, folder: string): Promise<string> {
  const realm = JSON.parse(await readFile(join(root, 'identity/realm/ticketing-realm.json'), 'utf8')) as {
    clients: Array<Record<string, unknown> & { clientId: string; attributes?: Record<string, string> }>;
  };
  for (const client of realm.clients.filter((c) => c.clientId === 'storefront')) {
    client.rootUrl = siteOrigin;
    client.redirectUris = [`${siteOrigin}/*`];
    client.webOrigins = [siteOrigin];
    client.attributes = { ...client.attributes, 'post.logout.redirect.uris': `${siteOrigin}/*` };
  }
  const file = join(folder, 'realm.json');
  await writeFile(file, JSON.stringify(realm));
  return file;
}
