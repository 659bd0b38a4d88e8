import type { Command } from 'commander';
import type { Page, SourceView } from '../api-types';
import { positiveInteger } from '../arguments';
import { type ActionFactory, argumentOf } from '../command-context';
import { cellList, printFields, printJson, printLine, printTable } from '../format';
import { addGlobalOptions } from '../global-options';

export function registerSourceCommands(program: Command, action: ActionFactory): void {
  const group = program
    .command('sources')
    .description('incoming sources: external apps that send webhooks to hookline');

  addGlobalOptions(group.command('list').description('list sources'))
    .option('--limit <n>', 'how many to show (1-200, default 50)', positiveInteger)
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)')
    .action(
      action(async (ctx, command) => {
        const { limit, cursor } = command.opts<{ limit?: number; cursor?: string }>();
        const page = await ctx.api.get<Page<SourceView>>('/v1/sources', { limit, cursor });
        if (ctx.json) return printJson(ctx.io.stdout, page);
        printTable(
          ctx.io.stdout,
          ['ID', 'NAME', 'STATUS', 'SHOP', 'APP', 'EVENT TYPES'],
          page.data.map((s) => [s.id, s.name, s.status, s.shopId, s.appId, cellList(s.eventTypes)]),
        );
        if (page.next !== null) {
          printLine(ctx.io.stderr, `More: hookline sources list --cursor ${page.next}`);
        }
      }),
    );

  addGlobalOptions(group.command('show').description('show one source and its webhook URL'))
    .argument('<id>', 'source id')
    .action(
      action(async (ctx, command) => {
        const id = argumentOf(command, 0);
        const source = await ctx.api.get<SourceView>(`/v1/sources/${encodeURIComponent(id)}`);
        if (ctx.json) return printJson(ctx.io.stdout, source);
        printFields(ctx.io.stdout, [
          ['id', source.id],
          ['name', source.name],
          ['status', source.status],
          ['shop', source.shopId],
          ['app', source.appId],
          ['event types', cellList(source.eventTypes)],
          ['webhook URL', source.url],
          ['created', source.createdAt],
          ['updated', source.updatedAt],
        ]);
      }),
    );
}
