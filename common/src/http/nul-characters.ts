/**
 * Where a request's input holds a NUL character (U+0000), as field paths.
 *
 * No field of this platform has a use for one, and PostgreSQL cannot store it
 * in text (SQLSTATE 22021), so it is refused with the other invalid fields
 * before any handler runs, rather than surfacing later as a database error.
 * Keys are judged too: a JSON object's key becomes a column or a jsonb key.
 */
export function nulCharacterPaths(value: unknown, path: readonly string[] = [], found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharacterPaths(item, [...path, String(index)], found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // The key itself names the path; a NUL in it is shown escaped.
      const shown = key.replaceAll('\u0000', '\\u0000');
      if (shown !== key) found.push([...path, shown].join('.'));
      nulCharacterPaths(item, [...path, shown], found);
    }
  }
  return found;
}
