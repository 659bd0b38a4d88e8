import { z } from 'zod';

/** An ISO 4217 currency code, upper case. */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of three upper-case letters, e.g. EUR');

/** Money as an integer in the currency's minor units (cents for EUR), never a float. */
export const money = z
  .object({
    amount: z.number().int('must be an integer in minor units (cents)'),
    currency: currencyCode,
  })
  .strict();

export type Money = z.infer<typeof money>;
