import { z } from 'zod';
import { currencyCode, money } from './money';
import { paymentStatus, shippingStatus } from './statuses';

/** Ids of shop objects: short, printable, safe in URLs and workflow ids. */
export const objectId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'may contain only letters, digits, "_", "." and "-"');

export const isoDateTime = z.iso.datetime({ offset: true });

export const address = z
  .object({
    name: z.string().min(1).max(200),
    line1: z.string().min(1).max(200),
    line2: z.string().max(200).optional(),
    postalCode: z.string().min(1).max(20),
    city: z.string().min(1).max(100),
    region: z.string().max(100).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. DE'),
  })
  .strict();

export const customer = z
  .object({
    id: objectId.optional(),
    email: z.email(),
    name: z.string().min(1).max(200),
  })
  .strict();

export const orderLine = z
  .object({
    sku: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    quantity: z.number().int().positive(),
    unitPrice: money,
  })
  .strict();

/** The order as hookline stores it and sends it: a full snapshot at one `version`. */
export const order = z
  .object({
    id: objectId,
    shopId: objectId,
    microstoreId: objectId.optional(),
    number: z.string().min(1).max(64).optional(),
    version: z.number().int().positive(),
    currency: currencyCode,
    customer,
    lines: z.array(orderLine).min(1).max(500),
    total: money,
    shippingAddress: address.optional(),
    billingAddress: address.optional(),
    paymentStatus,
    shippingStatus,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .strict()
  .superRefine((value, ctx) => {
    value.lines.forEach((line, index) => {
      if (line.unitPrice.currency !== value.currency) {
        ctx.addIssue({
          code: 'custom',
          path: ['lines', index, 'unitPrice', 'currency'],
          message: `must match the order currency ${value.currency}`,
        });
      }
    });
    if (value.total.currency !== value.currency) {
      ctx.addIssue({
        code: 'custom',
        path: ['total', 'currency'],
        message: `must match the order currency ${value.currency}`,
      });
    }
  });

export type Order = z.infer<typeof order>;
