import type { ApiAnswer, FanContext } from '../api/client.ts';
import { createDrop, getEvent, importSeatMapCsv, pauseDrop, stepEvent, tuneDrop } from '../api/organizer.ts';
import { editEvent } from './event-edit.ts';
import { dropSettingsFrom } from './drop-settings.ts';
import { formText } from './form-text.ts';
import { describeProblem } from './problems.ts';

export type ActionOutcome =
  | { kind: 'done'; message: string; intent: string }
  | { kind: 'problem'; message: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'signed_out' };

/** What the page says after each form, keyed by its intent (the page redirects after a change, so a reload repeats nothing). */
export const doneMessages: Record<string, string> = {
  'edit-event': 'Event details saved.',
  publish: 'Published: fans can now find the event.',
  'open-sale': 'The sale is open.',
  csv: 'The seat map was replaced from the CSV file.',
  'create-drop': 'Drop created.',
  'tune-drop': 'Drop settings saved.',
  pause: 'Paused: nobody more is let in until you resume.',
  resume: 'Resumed: fans are let in again.',
};

function outcomeOf(answer: ApiAnswer<unknown>, done: string): ActionOutcome {
  if (answer.kind === 'ok') return { kind: 'done', message: done, intent: '' };
  if (answer.kind === 'signed_out') return { kind: 'signed_out' };
  return { kind: 'problem', message: describeProblem(answer) };
}

/** The event page's forms: lifecycle steps, CSV import, and creating, tuning, pausing and resuming drops. */
export async function handleEventAction(context: FanContext, eventId: string, form: FormData): Promise<ActionOutcome> {
  const outcome = await act(context, eventId, form);
  return outcome.kind === 'done' ? { ...outcome, intent: formText(form, 'intent') } : outcome;
}

async function act(context: FanContext, eventId: string, form: FormData): Promise<ActionOutcome> {
  const intent = formText(form, 'intent');
  const version = Number(form.get('version'));
  switch (intent) {
    // The designer saves without reloading the page, so a step applies to the event as it is now:
    // each step is allowed from one status only, which the API checks.
    case 'publish':
      return outcomeOf(await stepEvent(context, eventId, 'publish'), 'Published: fans can now find the event.');
    case 'open-sale':
      return outcomeOf(await stepEvent(context, eventId, 'open-sale'), 'The sale is open.');
    case 'edit-event':
      return outcomeOf(await editEvent(context, eventId, form, version), 'Event details saved.');
    case 'csv': {
      const file = form.get('file');
      if (!(file instanceof File) || file.size === 0)
        return { kind: 'problem', message: 'Choose a CSV file to upload.' };
      return outcomeOf(
        await importSeatMapCsv(context, eventId, await file.text()),
        'The seat map was replaced from the CSV file.',
      );
    }
    case 'create-drop': {
      const event = await getEvent(context, eventId);
      const zone = event.kind === 'ok' ? event.body.venue.timezone : 'UTC';
      const settings = dropSettingsFrom(form, zone);
      if (settings.kind === 'invalid') return { kind: 'problem', message: settings.message };
      return outcomeOf(await createDrop(context, eventId, settings.body), 'Drop created.');
    }
    case 'tune-drop': {
      const event = await getEvent(context, eventId);
      const zone = event.kind === 'ok' ? event.body.venue.timezone : 'UTC';
      const settings = dropSettingsFrom(form, zone);
      if (settings.kind === 'invalid') return { kind: 'problem', message: settings.message };
      return outcomeOf(
        await tuneDrop(context, formText(form, 'dropId'), settings.body, version),
        'Drop settings saved.',
      );
    }
    case 'pause':
    case 'resume':
      return outcomeOf(
        await pauseDrop(context, formText(form, 'dropId'), intent, version),
        intent === 'pause' ? 'Paused: nobody more is let in until you resume.' : 'Resumed: fans are let in again.',
      );
    default:
      return { kind: 'problem', message: 'That request was not understood. Please reload the page.' };
  }
}
