import fc from 'fast-check';

export type PathPart = string | number;

/** Characters that often break parsers, logs, databases and displays. */
const AWKWARD_CHARS = [
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uDFFF',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u200B',
  '\u200E', // left-to-right mark
  '\u200F', // right-to-left mark
  '\u202E', // right-to-left override
  '\u2066',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\uFFFD',
  '\uFFFF',
  '😀',
  '👩‍👩‍👧',
  '🏳️‍🌈',
  'e\u0301',
  '"',
  '\\',
  "'",
  '%',
  '\n',
  '\r',
];

/** One awkward character, any code point, or any UTF-16 unit including half surrogates. */
export const awkwardChar = fc.oneof(
  fc.constantFrom(...AWKWARD_CHARS),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
);

export const awkwardString = fc.string({ unit: awkwardChar, maxLength: 24 });

/** Any JSON value, its strings and keys made of awkward characters. */
export const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: awkwardChar });

/** The path of every primitive (string, number, boolean, null) in a JSON value. */
export function leafPaths(value: unknown, prefix: PathPart[] = []): PathPart[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...prefix, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  }
  return [prefix];
}

function valueAt(value: unknown, path: PathPart[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<PathPart, unknown>)[key], value);
}

/** A deep copy of `value` with the thing at `path` (not the root) replaced. */
export function replaceAt<T>(value: T, path: PathPart[], replacement: unknown): T {
  const copy = structuredClone(value);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<PathPart, unknown>;
  parent[path.at(-1)!] = replacement;
  return copy;
}

/**
 * A mutant of one of `events`: one primitive for which `isTarget` holds, at a random path,
 * replaced by a value drawn from `replacementFor(thatPrimitive)`.
 */
export function oneLeafReplaced<T extends object>(
  events: T[],
  replacementFor: (leaf: unknown) => fc.Arbitrary<unknown>,
  isTarget: (leaf: unknown) => boolean = () => true,
): fc.Arbitrary<{ path: string; event: T }> {
  return fc.constantFrom(...events).chain((event) => {
    const paths = leafPaths(event).filter((path) => isTarget(valueAt(event, path)));
    return fc.constantFrom(...paths).chain((path) =>
      replacementFor(valueAt(event, path)).map((value) => ({
        path: path.join('.'),
        event: replaceAt(event, path, value),
      })),
    );
  });
}

/** What a leaf is replaced with: any JSON value, or one near the edge of what a field takes. */
export const leafReplacement = fc.oneof(
  anyJson,
  awkwardString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 1e21, 2 ** 53 + 1, '', ' ', null, true, [], {}),
  fc.constantFrom('ORDER_CREATED', 'ORDER_UPDATED', 'MICROSTORE_CLOSED', 'DELIVERY_FAILED'),
  fc.constantFrom('shop_other', 'paid', 'refunded', 'shipped', 'EUR', 'usd', 'DE', 'de'),
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-11-30T24:00:00Z', '0000-01-01T00:00:00Z'),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);

/** A copy of a string with awkward characters inserted, or an awkward string instead. */
export function awkwardVariant(original: string): fc.Arbitrary<string> {
  return fc.oneof(
    awkwardString,
    fc
      .tuple(fc.nat({ max: original.length }), fc.string({ unit: awkwardChar, minLength: 1 }))
      .map(([at, inserted]) => original.slice(0, at) + inserted + original.slice(at)),
  );
}

/** JSON text of `depth` arrays or objects nested in one another. */
export function nestedJson(depth: number, kind: 'array' | 'object'): string {
  if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth);
  return '{"a":'.repeat(depth) + '0' + '}'.repeat(depth);
}
