import { useState } from 'preact/hooks';
import type { DesignSection, Numbering } from '../lib/organizer/design-map.ts';
import { angleLimit, curveLimit, shapeOf, type SectionShape } from '../lib/organizer/section-shape.ts';

export interface DesignerBlockFormProps {
  section: DesignSection;
  onShape: (change: Partial<SectionShape>, control: keyof SectionShape) => void;
  onAddRow: (count: number, numbering: Numbering) => void;
}

/** The chosen reserved section's shape: its rows' curve and angle, and a row added at the back. */
export function DesignerBlockForm({ section, onShape, onAddRow }: DesignerBlockFormProps) {
  const shape = shapeOf(section);
  const [count, setCount] = useState('10');
  const [numbering, setNumbering] = useState<Numbering>('left_to_right');
  const shapeInput = (control: keyof SectionShape, limit: number) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).valueAsNumber;
    if (Number.isFinite(value) && Math.abs(value) <= limit) onShape({ [control]: value }, control);
  };
  const addRow = (event: Event) => {
    event.preventDefault();
    const n = Number(count);
    if (Number.isInteger(n) && n >= 1 && n <= 200) onAddRow(n, numbering);
  };
  return (
    <fieldset data-form="block">
      <legend>Shape {section.name}</legend>
      <label>
        Curve of the rows <span class="meta">(how far the ends bend towards the stage)</span>
        <input
          name="curve"
          type="number"
          step="5"
          min={-curveLimit}
          max={curveLimit}
          value={shape.curve}
          onInput={shapeInput('curve', curveLimit)}
        />
      </label>
      <label>
        Angle <span class="meta">(degrees, clockwise)</span>
        <input
          name="angle"
          type="number"
          step="5"
          min={-angleLimit}
          max={angleLimit}
          value={shape.angle}
          onInput={shapeInput('angle', angleLimit)}
        />
      </label>
      <form onSubmit={addRow} class="designer-row-form">
        <label>
          Seats in the new row
          <input
            name="rowSeats"
            type="number"
            min="1"
            max="200"
            required
            value={count}
            onInput={(e) => setCount(e.currentTarget.value)}
          />
        </label>
        <label>
          Numbering of the new row
          <select
            name="rowNumbering"
            value={numbering}
            onChange={(e) => setNumbering(e.currentTarget.value as Numbering)}
          >
            <option value="left_to_right">1, 2, 3 … from the left</option>
            <option value="right_to_left">1, 2, 3 … from the right</option>
            <option value="odd_even">odd on the left, even on the right, from the centre</option>
          </select>
        </label>
        <button type="submit" class="secondary">
          Add row
        </button>
      </form>
      <p class="meta">
        {section.rows.length} rows. Curving or turning lays every row out again, evenly spaced, around the block’s
        centre.
      </p>
    </fieldset>
  );
}
