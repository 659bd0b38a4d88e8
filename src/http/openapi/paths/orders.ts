import { orderListQuery } from '../../routes/orders';
import { errors } from '../error-responses';
import { answer, pathParameter, queryParameters } from '../operation-parts';
import type { Paths } from '../types';

const tags = ['Orders'];

/** The order store, as incoming and published events left it. */
export function orderPaths(): Paths {
  return {
    '/v1/orders': {
      get: {
        operationId: 'listOrders',
        tags,
        summary: "List a shop's orders",
        parameters: queryParameters(orderListQuery),
        responses: {
          '200': answer('One page of orders.', 'OrderList'),
          ...errors('Unauthorized', 'ValidationFailed'),
        },
      },
    },
    '/v1/orders/{id}': {
      get: {
        operationId: 'getOrder',
        tags,
        summary: 'Read an order as the store holds it',
        description: 'With its `version`, who changed it last and when it was stored.',
        parameters: [pathParameter('id', 'The order id.')],
        responses: {
          '200': answer('The order.', 'Order'),
          ...errors('Unauthorized', 'NotFound'),
        },
      },
    },
  };
}
