import { useEffect, useRef, useState } from 'preact/hooks';
import { seatMapSaved } from '../lib/organizer/seat-map-saved.ts';
import { dropConsequences } from '../lib/organizer/drop-settings.ts';

export interface DropSettingsFormProps {
  /** `create-drop` or `tune-drop`. */
  intent: 'create-drop' | 'tune-drop';
  dropId?: string;
  version?: number;
  seats: number;
  initial: {
    name: string;
    size: number;
    releaseRatePerMinute: number;
    maxActive: number;
    holdSeconds: number;
    perUserLimit: number;
    opensAt: string;
    prequeueOpensAt: string;
  };
  /** The opening times cannot move once the drop has opened. */
  scheduleLocked?: boolean;
  zoneName: string;
}

const fields = [
  ['size', 'Places in the drop', 0, 1_000_000],
  ['releaseRatePerMinute', 'Fans let in per minute', 1, 1_000_000],
  ['maxActive', 'Most fans choosing at once', 1, 1_000_000],
  ['holdSeconds', 'Seconds to pay', 30, 3600],
  ['perUserLimit', 'Seats per fan', 1, 50],
] as const;

/** A drop's settings, with what they mean for the line and the seats shown as the organizer types. */
export function DropSettingsForm(props: DropSettingsFormProps) {
  const [values, setValues] = useState(props.initial);
  const [seats, setSeats] = useState(props.seats);
  const seatsBefore = useRef(props.seats);
  useEffect(() => {
    const onSaved = (event: Event) => {
      const next = (event as CustomEvent<{ seats: number }>).detail.seats;
      const before = seatsBefore.current;
      seatsBefore.current = next;
      setSeats(next);
      // A new drop offers every seat by default, until the organizer says otherwise.
      if (props.intent === 'create-drop') setValues((v) => (Number(v.size) === before ? { ...v, size: next } : v));
    };
    window.addEventListener(seatMapSaved, onSaved);
    return () => window.removeEventListener(seatMapSaved, onSaved);
  }, [props.intent]);
  const number = (key: keyof typeof values) => Number(values[key]) || 0;
  const consequences = dropConsequences({
    size: number('size'),
    releaseRatePerMinute: number('releaseRatePerMinute'),
    maxActive: number('maxActive'),
    holdSeconds: number('holdSeconds'),
    perUserLimit: number('perUserLimit'),
    seats,
  });
  const id = props.dropId ?? 'new';
  return (
    <form method="post" class="stack-form" data-form={props.intent}>
      <input type="hidden" name="intent" value={props.intent} />
      {props.dropId && <input type="hidden" name="dropId" value={props.dropId} />}
      {props.version !== undefined && <input type="hidden" name="version" value={props.version} />}
      <label>
        Name
        <input
          name="name"
          required
          maxLength={200}
          value={values.name}
          onInput={(e) => setValues({ ...values, name: e.currentTarget.value })}
        />
      </label>
      {fields.map(([key, label, min, max]) => (
        <label key={key}>
          {label}
          <input
            name={key}
            type="number"
            min={min}
            max={max}
            required
            value={values[key]}
            onInput={(e) => setValues({ ...values, [key]: e.currentTarget.value })}
          />
        </label>
      ))}
      <label>
        Sale opens ({props.zoneName})
        <input
          name="opensAt"
          type="datetime-local"
          required
          disabled={props.scheduleLocked}
          value={values.opensAt}
          onInput={(e) => setValues({ ...values, opensAt: e.currentTarget.value })}
        />
      </label>
      <label>
        Pre-queue opens <span class="meta">(optional, before the sale)</span>
        <input
          name="prequeueOpensAt"
          type="datetime-local"
          disabled={props.scheduleLocked}
          value={values.prequeueOpensAt}
          onInput={(e) => setValues({ ...values, prequeueOpensAt: e.currentTarget.value })}
        />
      </label>
      <div class="consequences" aria-live="polite" id={`consequences-${id}`} data-consequences>
        {consequences.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <button type="submit">{props.intent === 'create-drop' ? 'Create drop' : 'Save drop settings'}</button>
    </form>
  );
}
