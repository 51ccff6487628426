import { useState } from 'preact/hooks';
import type { DesignTier } from '../lib/organizer/design-map.ts';

export interface DesignerGaFormProps {
  tiers: DesignTier[];
  onAdd: (spec: { name: string; capacity: number; priceTier: string }) => void;
}

/** A general-admission area: a name, how many people it holds, and its price tier. */
export function DesignerGaForm({ tiers, onAdd }: DesignerGaFormProps) {
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('100');
  const [tier, setTier] = useState('');
  const chosenTier = tier || tiers[0]?.name || '';
  const submit = (event: Event) => {
    event.preventDefault();
    const n = Number(capacity);
    if (name.trim() === '' || !chosenTier || !(n >= 1 && n <= 100_000)) return;
    onAdd({ name: name.trim(), capacity: n, priceTier: chosenTier });
    setName('');
  };
  return (
    <form onSubmit={submit} data-form="general">
      <fieldset disabled={tiers.length === 0}>
        <legend>Add a standing area</legend>
        <label>
          Area name
          <input name="areaName" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Capacity
          <input
            name="capacity"
            type="number"
            min="1"
            max="100000"
            required
            value={capacity}
            onInput={(e) => setCapacity(e.currentTarget.value)}
          />
        </label>
        <label>
          Price tier
          <select name="areaTier" value={chosenTier} onChange={(e) => setTier(e.currentTarget.value)}>
            {tiers.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Add area
        </button>
      </fieldset>
    </form>
  );
}
