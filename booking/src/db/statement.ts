/**
 * A SQL statement with named parameters, compiled once to `?` placeholders
 * and a parameter order, so long statements cannot pass values in the wrong
 * place. A name may appear more than once.
 */
export interface Statement<K extends string> {
  text: string;
  params(values: Record<K, unknown>): unknown[];
}

export function statement<K extends string>(build: (param: (name: K) => string) => string): Statement<K> {
  const order: K[] = [];
  const text = build((name) => {
    order.push(name);
    return '?';
  });
  return {
    text,
    // undefined would be inlined as a bare word: absent values are SQL NULL.
    params: (values) => order.map((name) => values[name] ?? null),
  };
}
