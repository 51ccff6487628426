/** Undo and redo over whole values: every edit pushes the value it leaves. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

const limit = 100;

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

export function record<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-limit), present: next, future: [] };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

/** Replaces the present without a new undo step: the rest of one gesture (a drag, a slider held down). */
export function amend<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  if (history.past.length === 0) return record(history, next);
  return { ...history, present: next, future: [] };
}
