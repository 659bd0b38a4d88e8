import ms from 'ms';

/**
 * Parses a human duration such as `250ms`, `5s`, `5m`, `2h` or `3d` into milliseconds.
 * Returns undefined for anything that is not a non-negative duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/i.test(trimmed)) return undefined;
  const value = ms(trimmed as ms.StringValue);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Formats milliseconds the way operators read them in logs and the UI (`5m`, `2h`). */
export function formatDurationMs(valueMs: number): string {
  return ms(valueMs);
}
