import { useState } from 'preact/hooks';
import type { DesignTier, Numbering, ReservedSpec } from '../lib/organizer/design-map.ts';

export interface DesignerSectionFormProps {
  tiers: DesignTier[];
  onAdd: (spec: ReservedSpec) => void;
}

/** A reserved section: rows of numbered seats at one price tier. */
export function DesignerSectionForm({ tiers, onAdd }: DesignerSectionFormProps) {
  const [name, setName] = useState('');
  const [rows, setRows] = useState('5');
  const [seatsPerRow, setSeatsPerRow] = useState('10');
  const [numbering, setNumbering] = useState<Numbering>('left_to_right');
  const [tier, setTier] = useState('');
  const chosenTier = tier || tiers[0]?.name || '';
  const submit = (event: Event) => {
    event.preventDefault();
    const r = Number(rows);
    const n = Number(seatsPerRow);
    if (name.trim() === '' || !chosenTier || !(r >= 1 && r <= 100) || !(n >= 1 && n <= 200)) return;
    onAdd({ name: name.trim(), rows: r, seatsPerRow: n, numbering, priceTier: chosenTier });
    setName('');
  };
  return (
    <form onSubmit={submit} data-form="section">
      <fieldset disabled={tiers.length === 0}>
        <legend>Add a reserved section</legend>
        {tiers.length === 0 && <p class="meta">Add a price tier first.</p>}
        <label>
          Section name
          <input name="sectionName" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          Rows
          <input
            name="rows"
            type="number"
            min="1"
            max="100"
            required
            value={rows}
            onInput={(e) => setRows(e.currentTarget.value)}
          />
        </label>
        <label>
          Seats per row
          <input
            name="seatsPerRow"
            type="number"
            min="1"
            max="200"
            required
            value={seatsPerRow}
            onInput={(e) => setSeatsPerRow(e.currentTarget.value)}
          />
        </label>
        <label>
          Numbering
          <select name="numbering" value={numbering} onChange={(e) => setNumbering(e.currentTarget.value as Numbering)}>
            <option value="left_to_right">1, 2, 3 … from the left</option>
            <option value="right_to_left">1, 2, 3 … from the right</option>
            <option value="odd_even">odd on the left, even on the right, from the centre</option>
          </select>
        </label>
        <label>
          Price tier
          <select name="sectionTier" value={chosenTier} onChange={(e) => setTier(e.currentTarget.value)}>
            {tiers.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Add section
        </button>
      </fieldset>
    </form>
  );
}
