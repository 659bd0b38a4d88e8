/**
 * A command-line value that must be a positive number.
 * @throws naming the flag when it is not.
 */
export function positiveNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${flag} must be a positive number, not "${text}"`);
  }
  return value;
}
