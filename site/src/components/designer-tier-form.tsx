import { useState } from 'preact/hooks';
import type { DesignTier } from '../lib/organizer/design-map.ts';

export interface DesignerTierFormProps {
  currency: string;
  onAdd: (tier: DesignTier) => void;
}

/** A price tier: a name and a price. */
export function DesignerTierForm({ currency, onAdd }: DesignerTierFormProps) {
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const cents = Math.round(Number(price) * 100);
    if (name.trim() === '' || !Number.isFinite(cents) || cents < 0) return;
    onAdd({ name: name.trim(), priceCents: cents, currency });
    setName('');
    setPrice('');
  };
  return (
    <form onSubmit={submit} data-form="tier">
      <fieldset>
        <legend>Add a price tier</legend>
        <label>
          Tier name
          <input name="tierName" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Price ({currency})
          <input
            name="tierPrice"
            required
            inputMode="decimal"
            pattern="[0-9]+([.][0-9]{1,2})?"
            value={price}
            onInput={(e) => setPrice(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="secondary">
          Add tier
        </button>
      </fieldset>
    </form>
  );
}
