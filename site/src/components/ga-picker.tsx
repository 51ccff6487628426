import type { SectionCounts } from '../lib/availability-feed.ts';

export interface GeneralAdmissionOption {
  sectionId: string;
  name: string;
  price: string;
  colour: string;
}

export interface GaPickerProps {
  options: GeneralAdmissionOption[];
  counts: ReadonlyMap<string, SectionCounts>;
  quantities: ReadonlyMap<string, number>;
  max: number;
  locked: boolean;
  onChange: (sectionId: string, quantity: number) => void;
}

/** Standing areas: places are interchangeable, so the fan picks how many, not which. */
export function GaPicker({ options, counts, quantities, max, locked, onChange }: GaPickerProps) {
  if (options.length === 0) return null;
  return (
    <section class="ga-picker" aria-labelledby="ga-heading" id="standing">
      <h3 id="ga-heading">Standing</h3>
      <ul>
        {options.map((option) => {
          const quantity = quantities.get(option.sectionId) ?? 0;
          const available = counts.get(option.sectionId)?.available;
          const limit = Math.min(max, available ?? max);
          const id = `ga-${option.sectionId}`;
          return (
            <li key={option.sectionId} data-ga-section={option.sectionId}>
              <div>
                <span class="tier-dot" style={{ background: option.colour }} aria-hidden="true" />
                <label for={id}>{option.name}</label>
                <span class="meta">
                  {' '}
                  · {option.price} ·{' '}
                  {available === undefined
                    ? 'checking…'
                    : available === 0
                      ? 'none left'
                      : `${available.toLocaleString('en-GB')} left`}
                </span>
              </div>
              <div class="stepper">
                <button
                  type="button"
                  class="secondary small"
                  aria-label={`One fewer for ${option.name}`}
                  disabled={locked || quantity === 0}
                  onClick={() => onChange(option.sectionId, quantity - 1)}
                >
                  −
                </button>
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={limit}
                  value={quantity}
                  disabled={locked}
                  onInput={(event) => {
                    const value = Number(event.currentTarget.value);
                    onChange(option.sectionId, Number.isFinite(value) ? Math.max(0, Math.min(limit, value)) : 0);
                  }}
                />
                <button
                  type="button"
                  class="secondary small"
                  aria-label={`One more for ${option.name}`}
                  disabled={locked || quantity >= limit}
                  onClick={() => onChange(option.sectionId, quantity + 1)}
                >
                  +
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
