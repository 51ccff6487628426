import { useMemo, useRef } from 'preact/hooks';
import type { DesignMap } from '../lib/organizer/design-map.ts';
import { boxOf, type Box } from '../lib/organizer/section-shape.ts';

export interface DesignerCanvasProps {
  map: DesignMap;
  selected: number;
  editable: boolean;
  onSelect: (index: number) => void;
  /** Moves a section by dx, dy drawing units; `gesture` names one drag, whose steps undo as one. */
  onMove: (index: number, dx: number, dy: number, gesture?: string) => void;
}

/** Room around the blocks to drag them into. */
const margin = 30;
/** An arrow key moves a block one seat pitch; with Shift, one unit. */
const keySteps: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function viewOf(boxes: Box[]): Box {
  if (boxes.length === 0) return { x: 0, y: 0, width: 400, height: 200 };
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.width));
  const maxY = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: minX - margin, y: minY - margin, width: maxX - minX + 2 * margin, height: maxY - minY + 2 * margin };
}

/**
 * The sections as blocks on a drawing board: drag a block, or focus it and
 * use the arrow keys, to place it. Only placing happens here; the fans' own
 * map below shows the result.
 */
export function DesignerCanvas({ map, selected, editable, onSelect, onMove }: DesignerCanvasProps) {
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ index: number; id: string; x: number; y: number; view: Box } | undefined>(undefined);
  const boxes = useMemo(() => map.sections.map(boxOf), [map]);
  const live = useMemo(() => viewOf(boxes), [boxes]);
  // The board keeps its scale during a drag, so the block follows the pointer.
  const view = drag.current?.view ?? live;

  const unitsPerPixel = () => {
    const matrix = svg.current?.getScreenCTM();
    return matrix && matrix.a > 0 ? 1 / matrix.a : 1;
  };
  const onPointerDown = (index: number) => (event: PointerEvent) => {
    onSelect(index);
    if (!editable || event.button !== 0) return;
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    drag.current = { index, id: `drag-${event.pointerId}-${event.timeStamp}`, x: 0, y: 0, view: live };
    const startX = event.clientX;
    const startY = event.clientY;
    const scale = unitsPerPixel();
    const target = event.currentTarget as Element;
    const move = (next: PointerEvent) => {
      const current = drag.current;
      if (!current) return;
      const x = Math.round((next.clientX - startX) * scale);
      const y = Math.round((next.clientY - startY) * scale);
      if (x === current.x && y === current.y) return;
      onMove(index, x - current.x, y - current.y, current.id);
      current.x = x;
      current.y = y;
    };
    const end = () => {
      drag.current = undefined;
      target.removeEventListener('pointermove', move as EventListener);
      target.removeEventListener('pointerup', end);
      target.removeEventListener('pointercancel', end);
      onSelect(index);
    };
    target.addEventListener('pointermove', move as EventListener);
    target.addEventListener('pointerup', end);
    target.addEventListener('pointercancel', end);
  };
  const onKeyDown = (index: number) => (event: KeyboardEvent) => {
    const step = keySteps[event.key];
    if (!step || !editable) return;
    event.preventDefault();
    const by = event.shiftKey ? 1 : 10;
    onMove(index, step[0] * by, step[1] * by);
  };

  if (map.sections.length === 0) return null;
  return (
    <figure class="designer-board">
      <svg
        ref={svg}
        viewBox={`${view.x} ${view.y} ${view.width} ${view.height}`}
        class="designer-canvas"
        aria-labelledby="designer-board-caption"
      >
        {map.sections.map((section, i) => {
          const box = boxes[i]!;
          const isSelected = i === selected;
          return (
            <g
              key={`${section.name}-${i}`}
              role="button"
              tabIndex={0}
              aria-pressed={isSelected}
              aria-label={`${section.name}, at ${Math.round(box.x)}, ${Math.round(box.y)}`}
              class={`designer-block${isSelected ? ' selected' : ''}${section.kind === 'general' ? ' general' : ''}`}
              data-block={i}
              data-x={box.x}
              data-y={box.y}
              onPointerDown={onPointerDown(i)}
              onKeyDown={onKeyDown(i)}
              onFocus={() => onSelect(i)}
            >
              <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={3} />
              {section.rows.map((row) =>
                row.seats.map((seat) => (
                  <circle key={`${row.label}-${seat.label}`} cx={seat.x} cy={seat.y} r={3} aria-hidden="true" />
                )),
              )}
              <text x={box.x + 4} y={box.y - 4} aria-hidden="true">
                {section.name}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="designer-board-caption" class="meta">
        Drawing board: drag a section, or focus it and press the arrow keys (Shift for small steps), to place it.
      </figcaption>
    </figure>
  );
}
