import type { Command } from 'commander';
import type { PortalLinkAnswer } from '../api-types';
import { type ActionFactory, argumentOf } from '../command-context';
import { printJson, printLine } from '../format';
import { addGlobalOptions } from '../global-options';

/**
 * `hookline portal-link <id>`: a signed link to the subscriber portal of one subscription,
 * printed alone on stdout so that scripts can take it; when it expires goes to stderr.
 */
export function registerPortalLinkCommand(program: Command, action: ActionFactory): void {
  addGlobalOptions(
    program
      .command('portal-link')
      .description("make a link to a subscription's portal, for its subscriber"),
  )
    .argument('<subscriptionId>', 'subscription id')
    .option('--expires-in <duration>', 'how long the link works, 1m to 7d (default 1h)')
    .action(
      action(async (ctx, command) => {
        const { expiresIn } = command.opts<{ expiresIn?: string }>();
        const id = argumentOf(command, 0);
        const link = await ctx.api.post<PortalLinkAnswer>(
          `/v1/subscriptions/${encodeURIComponent(id)}/portal-links`,
          { expiresIn },
        );
        if (ctx.json) return printJson(ctx.io.stdout, link);
        printLine(ctx.io.stdout, link.url);
        printLine(
          ctx.io.stderr,
          `The link opens subscription ${id} until ${link.expiresAt}; anyone who has it can act on it.`,
        );
      }),
    );
}
