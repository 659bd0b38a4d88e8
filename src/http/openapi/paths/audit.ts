import { auditQuery } from '../../routes/audit';
import { errors } from '../error-responses';
import { answer, queryParameters } from '../operation-parts';
import type { Paths } from '../types';

/** The audit log of changes made through the management API. */
export function auditPaths(): Paths {
  return {
    '/v1/audit-log': {
      get: {
        operationId: 'listAuditLog',
        tags: ['Audit'],
        summary: 'List the changes made through the management API',
        description:
          'Newest first. Each entry names the token that made the change (`actor`), the ' +
          'action, the resource, the request id and the fields it set; never a secret. ' +
          'Publishing events is not recorded here. Needs scope `read`.',
        parameters: queryParameters(auditQuery),
        responses: {
          '200': answer('One page of entries.', 'AuditEntryList'),
          ...errors('Unauthorized', 'ValidationFailed'),
        },
      },
    },
  };
}
