import type { Command } from 'commander';
import type { AuditEntryView, Page } from '../api-types';
import { positiveInteger } from '../arguments';
import type { ActionFactory } from '../command-context';
import { printJson, printLine, printTable } from '../format';
import { addGlobalOptions } from '../global-options';

interface AuditOptions {
  resourceId?: string;
  actor?: string;
  limit?: number;
  cursor?: string;
}

/** `hookline audit`: who changed what through the management API, newest first. */
export function registerAuditCommand(program: Command, action: ActionFactory): void {
  addGlobalOptions(
    program
      .command('audit')
      .description('list the changes made through the management API, newest first'),
  )
    .option('--resource-id <id>', 'only the changes of this subscription, source or delivery')
    .option('--actor <name>', 'only the changes made with this token name')
    .option('--limit <n>', 'how many to show (1-200, default 50)', positiveInteger)
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)')
    .action(
      action(async (ctx, command) => {
        const { resourceId, actor, limit, cursor } = command.opts<AuditOptions>();
        const page = await ctx.api.get<Page<AuditEntryView>>('/v1/audit-log', {
          resourceId,
          actor,
          limit,
          cursor,
        });
        if (ctx.json) return printJson(ctx.io.stdout, page);
        printTable(
          ctx.io.stdout,
          ['TIME', 'ACTOR', 'ACTION', 'RESOURCE', 'REQUEST', 'CHANGES'],
          page.data.map((e) => [
            e.at,
            e.actor,
            e.action,
            e.resourceId,
            e.requestId,
            JSON.stringify(e.changes),
          ]),
        );
        if (page.next !== null) {
          printLine(ctx.io.stderr, `More: hookline audit --cursor ${page.next}`);
        }
      }),
    );
}
