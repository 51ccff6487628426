import type { APIRoute } from 'astro';
import { getEvent, saveSeatMap } from '../../../../../lib/api/organizer.ts';
import { badRequest, jsonBody } from '../../../../../lib/api/respond.ts';
import { isOrganizer } from '../../../../../lib/auth/roles.ts';
import type { DesignMap } from '../../../../../lib/organizer/design-map.ts';
import { describeProblem } from '../../../../../lib/organizer/problems.ts';

const headers = { 'Cache-Control': 'no-store' };

/** Saves the designer's whole seat map with the version it started from; answers the new version. */
export const PUT: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  if (!isOrganizer(context.locals.session?.accessToken)) {
    return Response.json(
      { code: 'forbidden', message: 'Only organizers can change seat maps.' },
      { status: 403, headers },
    );
  }
  const body = await jsonBody(context.request);
  const version = body?.version;
  const map = body?.map as DesignMap | undefined;
  if (typeof version !== 'number' || !map || !Array.isArray(map.sections) || !Array.isArray(map.priceTiers)) {
    return badRequest();
  }
  const saved = await saveSeatMap(context, id, map, version);
  if (saved.kind !== 'ok') {
    const status =
      saved.kind === 'problem' ? (saved.status >= 500 ? 503 : saved.status) : saved.kind === 'signed_out' ? 401 : 503;
    const code = saved.kind === 'problem' ? saved.code : saved.kind;
    return Response.json({ code, message: describeProblem(saved) }, { status, headers });
  }
  const event = await getEvent(context, id);
  return Response.json(
    { version: event.kind === 'ok' ? event.body.version : version + 1, map: saved.body },
    { status: 200, headers },
  );
};
