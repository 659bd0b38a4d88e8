import type { Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { allSearchAttributeKeys } from '../contracts/search-attributes';
import type { Logger } from '../logger';

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

function isGrpcCode(error: unknown, code: grpcStatus): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * Makes sure hookline's search attributes exist on a cluster's namespace. Existing ones are
 * left alone; a cluster that refuses (no permission, as on Temporal Cloud) is logged, not
 * fatal, because an operator may have registered them already.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  logger: Logger,
): Promise<void> {
  const wanted = Object.fromEntries(
    allSearchAttributeKeys.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!]),
  );
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.fromEntries(
      Object.entries(wanted).filter(([name]) => !(name in (existing.customAttributes ?? {}))),
    );
    if (Object.keys(missing).length === 0) return;
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    logger.info({ namespace, added: Object.keys(missing) }, 'registered search attributes');
  } catch (error) {
    if (isGrpcCode(error, grpcStatus.ALREADY_EXISTS)) return;
    logger.warn({ namespace, error }, 'could not register search attributes');
  }
}
