/** A fan's calls to the waiting room, as the site makes them. */
export interface FanClient {
  join(): Promise<Response>;
  me(): Promise<Response>;
  leave(): Promise<Response>;
}

export function fanClient(baseUrl: string, dropId: string, token: string): FanClient {
  const headers = { authorization: `Bearer ${token}` };
  const url = `${baseUrl}/drops/${dropId}/queue`;
  return {
    join: () => fetch(url, { method: 'POST', headers }),
    me: () => fetch(`${url}/me`, { headers }),
    leave: () => fetch(`${url}/me`, { method: 'DELETE', headers }),
  };
}
