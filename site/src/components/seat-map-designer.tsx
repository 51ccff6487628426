import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  addGeneral,
  addReserved,
  addTier,
  removeSection,
  seatCount,
  toggleBlocked,
  type DesignMap,
} from '../lib/organizer/design-map.ts';
import { seatMapSaved } from '../lib/organizer/seat-map-saved.ts';
import { amend, record, redo, startHistory, undo, type History } from '../lib/organizer/edit-history.ts';
import { addRow, moveSection, shapeSection } from '../lib/organizer/section-shape.ts';
import { DesignerBlockForm } from './designer-block-form.tsx';
import { DesignerCanvas } from './designer-canvas.tsx';
import { DesignerGaForm } from './designer-ga-form.tsx';
import { DesignerPreview } from './designer-preview.tsx';
import { DesignerSectionForm } from './designer-section-form.tsx';
import { DesignerTierForm } from './designer-tier-form.tsx';

export interface SeatMapDesignerProps {
  eventId: string;
  initial: DesignMap;
  version: number;
  editable: boolean;
  currency: string;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

/** The seat-map designer: tiers, sections and standing areas placed and shaped as blocks, blocked seats, undo and redo, and saving. */
export function SeatMapDesigner(props: SeatMapDesignerProps) {
  const [history, setHistory] = useState<History<DesignMap>>(() => startHistory(props.initial));
  const [saved, setSaved] = useState<DesignMap>(props.initial);
  const [version, setVersion] = useState(props.version);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [selected, setSelected] = useState(0);
  const map = history.present;
  // The gesture of the last edit: the rest of one drag or of typing in one field amends the same undo step.
  const lastGesture = useRef<string | undefined>(undefined);
  const edit = useCallback((change: (map: DesignMap) => DesignMap, gesture?: string) => {
    const continues = gesture !== undefined && gesture === lastGesture.current;
    lastGesture.current = gesture;
    setHistory((h) => (continues ? amend(h, change(h.present)) : record(h, change(h.present))));
    setSave({ kind: 'idle' });
  }, []);
  const step = useCallback((move: typeof undo) => {
    lastGesture.current = undefined;
    setHistory(move);
  }, []);
  const onToggleBlocked = useCallback((id: string) => edit((m) => toggleBlocked(m, id)), [edit]);
  const onMove = useCallback(
    (index: number, dx: number, dy: number, gesture?: string) => edit((m) => moveSection(m, index, dx, dy), gesture),
    [edit],
  );
  const chosen = Math.min(selected, Math.max(0, map.sections.length - 1));
  const chosenSection = map.sections[chosen];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || (event.target as Element).closest('input,textarea,select')) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) step(undo);
      else if (key === 'y' || (key === 'z' && event.shiftKey)) step(redo);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const submit = async () => {
    setSave({ kind: 'saving' });
    try {
      const response = await fetch(`/api/organizer/events/${encodeURIComponent(props.eventId)}/seat-map`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ version, map }),
      });
      const body = (await response.json()) as { version?: number; map?: DesignMap; message?: string };
      if (!response.ok || body.version === undefined || !body.map) {
        setSave({ kind: 'failed', message: body.message ?? 'The seat map was not saved. Please try again.' });
        return;
      }
      setVersion(body.version);
      setSaved(map);
      // The drop forms on the page weigh their settings against the seats on sale.
      const counts = seatCount(map);
      window.dispatchEvent(
        new CustomEvent(seatMapSaved, { detail: { seats: counts.seats - counts.blocked + counts.standing } }),
      );
      setSave({ kind: 'saved' });
    } catch {
      setSave({ kind: 'failed', message: 'The seat map was not saved: the connection failed. Please try again.' });
    }
  };

  const counts = seatCount(map);
  const dirty = map !== saved;
  return (
    <div class="designer" data-designer>
      <div class="designer-controls">
        {!props.editable && (
          <p class="notice info">The seat map is final now: the sale has started or seats are held or sold.</p>
        )}
        {props.editable && (
          <>
            <DesignerTierForm currency={props.currency} onAdd={(tier) => edit((m) => addTier(m, tier))} />
            <DesignerSectionForm tiers={map.priceTiers} onAdd={(spec) => edit((m) => addReserved(m, spec))} />
            <DesignerGaForm tiers={map.priceTiers} onAdd={(spec) => edit((m) => addGeneral(m, spec))} />
            {chosenSection?.kind === 'reserved' && (
              <DesignerBlockForm
                section={chosenSection}
                onShape={(change, control) =>
                  edit((m) => shapeSection(m, chosen, change), `${control}-${chosen}-${chosenSection.name}`)
                }
                onAddRow={(count, numbering) => edit((m) => addRow(m, chosen, count, numbering))}
              />
            )}
          </>
        )}
        <h3>Sections</h3>
        <ul class="designer-list" data-sections>
          {map.sections.map((section, i) => (
            <li key={`${section.name}-${i}`}>
              <span>
                {section.name} ·{' '}
                {section.kind === 'general' ? `standing, ${section.capacity ?? 0}` : `${section.rows.length} rows`} ·{' '}
                {section.priceTier}
              </span>
              <button
                type="button"
                class="subtle small"
                disabled={!props.editable}
                onClick={() => edit((m) => removeSection(m, i))}
              >
                Remove<span class="visually-hidden"> {section.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <div class="designer-toolbar">
          <button type="button" class="secondary" disabled={history.past.length === 0} onClick={() => step(undo)}>
            Undo
          </button>
          <button type="button" class="secondary" disabled={history.future.length === 0} onClick={() => step(redo)}>
            Redo
          </button>
          <button
            type="button"
            disabled={!props.editable || !dirty || save.kind === 'saving'}
            onClick={submit}
            data-save
          >
            {save.kind === 'saving' ? 'Saving…' : 'Save seat map'}
          </button>
          <span class="meta" aria-live="polite" data-counts>
            {counts.seats} seats ({counts.blocked} blocked), {counts.standing} standing
          </span>
        </div>
        <p aria-live="polite" data-save-state={save.kind}>
          {save.kind === 'saved' && 'Saved. Fans see this map once the event is published.'}
          {save.kind === 'failed' && <span class="notice">{save.message}</span>}
          {save.kind === 'idle' && dirty && 'Unsaved changes.'}
        </p>
        <DesignerCanvas map={map} selected={chosen} editable={props.editable} onSelect={setSelected} onMove={onMove} />
        <DesignerPreview
          eventId={props.eventId}
          map={map}
          editable={props.editable}
          onToggleBlocked={onToggleBlocked}
        />
      </div>
    </div>
  );
}
