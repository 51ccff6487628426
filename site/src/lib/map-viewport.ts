import { useEffect, useRef, useState, type MutableRef } from 'preact/hooks';

/**
 * Zoom and pan for the seat map: the SVG's viewBox, moved by dragging,
 * pinching (two pointers), the wheel and buttons. A pointer that moves less
 * than a few pixels is a tap, left to the seats.
 */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const tapSlopPx = 6;
const maxZoom = 12;

/** The drawing's bounds widened or heightened to the element's shape, so the map fills it at every zoom. */
export function fitTo(bounds: ViewBox, aspect: number | undefined): ViewBox {
  if (!aspect || !Number.isFinite(aspect) || aspect <= 0) return bounds;
  if (bounds.height / bounds.width < aspect) {
    const height = bounds.width * aspect;
    return { ...bounds, y: bounds.y - (height - bounds.height) / 2, height };
  }
  const width = bounds.height / aspect;
  return { ...bounds, x: bounds.x - (width - bounds.width) / 2, width };
}

export function useMapViewport(bounds: ViewBox, element: MutableRef<SVGSVGElement | null>) {
  const [view, setView] = useState<ViewBox>(bounds);
  const [aspect, setAspect] = useState<number | undefined>();
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ moved: boolean; startDistance?: number; startView?: ViewBox }>({ moved: false });
  const fit = fitTo(bounds, aspect);

  // The element's shape (height / width), followed as the page resizes or the phone turns.
  useEffect(() => {
    const svg = element.current;
    if (!svg || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.contentRect;
      if (box && box.width > 0 && box.height > 0) setAspect(box.height / box.width);
    });
    observer.observe(svg);
    return () => observer.disconnect();
  }, [element]);

  // A new shape keeps the zoom and the centre, and takes the element's proportions. The zoom is measured against
  // the whole drawing at the shape before, so the first shape shows it whole even when it is taller than wide.
  const shownAspect = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!aspect) return;
    const before = fitTo(bounds, shownAspect.current);
    shownAspect.current = aspect;
    setView((current) => {
      const centreX = current.x + current.width / 2;
      const centreY = current.y + current.height / 2;
      const zoom = before.width / current.width;
      const whole = fitTo(bounds, aspect);
      const width = whole.width / Math.max(1, Math.min(maxZoom, zoom));
      const height = width * aspect;
      return { x: centreX - width / 2, y: centreY - height / 2, width, height };
    });
  }, [aspect]);

  const clamp = (next: ViewBox): ViewBox => {
    const width = Math.min(fit.width, Math.max(fit.width / maxZoom, next.width));
    const height = (width / next.width) * next.height;
    const x = Math.min(fit.x + fit.width - width * 0.25, Math.max(fit.x - width * 0.75, next.x));
    const y = Math.min(fit.y + fit.height - height * 0.25, Math.max(fit.y - height * 0.75, next.y));
    return { x, y, width, height };
  };

  /** Zooms by `factor` (above 1 is closer) keeping the drawing point (px, py) where it is. */
  const zoomAt = (factor: number, px?: number, py?: number) =>
    setView((current) => {
      const cx = px ?? current.x + current.width / 2;
      const cy = py ?? current.y + current.height / 2;
      const width = current.width / factor;
      const height = current.height / factor;
      return clamp({
        x: cx - ((cx - current.x) / current.width) * width,
        y: cy - ((cy - current.y) / current.height) * height,
        width,
        height,
      });
    });

  const reset = () => setView(fit);

  /** Brings a drawing point into view, keeping the zoom, if it is outside it. */
  const reveal = (px: number, py: number) =>
    setView((current) => {
      const inside =
        px >= current.x && px <= current.x + current.width && py >= current.y && py <= current.y + current.height;
      return inside ? current : clamp({ ...current, x: px - current.width / 2, y: py - current.height / 2 });
    });

  /** Drawing units per CSS pixel of the element. */
  const scaleOf = (svg: SVGSVGElement, current: ViewBox) => {
    const rect = svg.getBoundingClientRect();
    return Math.max(current.width / Math.max(1, rect.width), current.height / Math.max(1, rect.height));
  };

  const toDrawing = (svg: SVGSVGElement, clientX: number, clientY: number, current: ViewBox) => {
    const rect = svg.getBoundingClientRect();
    const scale = scaleOf(svg, current);
    // preserveAspectRatio xMidYMid meet centres the drawing in the element.
    const offsetX = (rect.width - current.width / scale) / 2;
    const offsetY = (rect.height - current.height / scale) / 2;
    return {
      x: current.x + (clientX - rect.left - offsetX) * scale,
      y: current.y + (clientY - rect.top - offsetY) * scale,
    };
  };

  const handlers = {
    onPointerDown(event: PointerEvent) {
      pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.current.size === 1) gesture.current = { moved: false };
      if (pointers.current.size === 2) {
        const [a, b] = [...pointers.current.values()];
        gesture.current = {
          moved: true,
          startDistance: Math.hypot(a!.x - b!.x, a!.y - b!.y),
          startView: view,
        };
      }
    },
    onPointerMove(event: PointerEvent) {
      const last = pointers.current.get(event.pointerId);
      if (!last) return;
      const svg = event.currentTarget as SVGSVGElement;
      const dx = event.clientX - last.x;
      const dy = event.clientY - last.y;
      if (pointers.current.size === 1) {
        if (!gesture.current.moved && Math.hypot(dx, dy) < tapSlopPx) return;
        if (!gesture.current.moved) svg.setPointerCapture(event.pointerId);
        gesture.current.moved = true;
        pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
        setView((current) => {
          const scale = scaleOf(svg, current);
          return clamp({ ...current, x: current.x - dx * scale, y: current.y - dy * scale });
        });
      } else if (pointers.current.size === 2 && gesture.current.startDistance && gesture.current.startView) {
        pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
        const [a, b] = [...pointers.current.values()];
        const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        const start = gesture.current.startView;
        const factor = distance / gesture.current.startDistance;
        const mid = toDrawing(svg, (a!.x + b!.x) / 2, (a!.y + b!.y) / 2, start);
        const width = start.width / factor;
        const height = start.height / factor;
        setView(
          clamp({
            x: mid.x - ((mid.x - start.x) / start.width) * width,
            y: mid.y - ((mid.y - start.y) / start.height) * height,
            width,
            height,
          }),
        );
      }
    },
    onPointerUp(event: PointerEvent) {
      pointers.current.delete(event.pointerId);
    },
    onPointerCancel(event: PointerEvent) {
      pointers.current.delete(event.pointerId);
    },
    onWheel(event: WheelEvent) {
      event.preventDefault();
      const svg = event.currentTarget as SVGSVGElement;
      const point = toDrawing(svg, event.clientX, event.clientY, view);
      zoomAt(event.deltaY < 0 ? 1.25 : 0.8, point.x, point.y);
    },
  };

  /** True when the last pointer gesture was a drag or pinch, so the click that ends it selects nothing. */
  const wasGesture = () => gesture.current.moved;

  return { view, handlers, zoomAt, reset, reveal, wasGesture, toDrawing, scaleOf };
}
