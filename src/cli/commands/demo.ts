import type { Command } from 'commander';
import { httpUrl, nonNegativeInteger, positiveInteger } from '../arguments';
import type { ActionFactory } from '../command-context';
import { ExitCode } from '../exit-codes';
import { printJson, printLine } from '../format';
import { printApiError } from '../report-error';
import { addGlobalOptions } from '../global-options';
import { demoJson, printDemoReport } from '../demo/report';
import { FAILING_TYPE, LoopbackRefusedError, runDemo } from '../demo/run-demo';

interface DemoCommandOptions {
  uiUrl: string;
  namespace: string;
  wait: number;
  failures: number;
}

const LOOPBACK_HINT = `The platform refuses the demo subscriber's plain-http address on 127.0.0.1.
Start hookline with HOOKLINE_ALLOWED_HOSTS=127.0.0.1 (e.g. HOOKLINE_ALLOWED_HOSTS=127.0.0.1 npm start)
and run the demo again.`;

const SLOW_SCHEDULE_HINT = `Not every delivery finished in time. With the default retry schedule (0s, 5s, 5m, ...)
the third attempt comes five minutes after the second: run the demo with --failures 1 (the
default), or start hookline with a short schedule, e.g. HOOKLINE_RETRY_SCHEDULE=0s,1s,2s.`;

export function registerDemoCommand(program: Command, action: ActionFactory): void {
  addGlobalOptions(
    program
      .command('demo')
      .description(
        'show hookline at work against a running platform: subscribe, publish, retry, receive',
      ),
  )
    .option('--ui-url <url>', 'Temporal UI for the links', httpUrl, 'http://localhost:8233')
    .option('--namespace <name>', 'Temporal namespace for the links', 'default')
    .option('--wait <ms>', 'how long to wait for every delivery', positiveInteger, 60_000)
    .option(
      '--failures <n>',
      `503 answers to the ${FAILING_TYPE} webhook before it is accepted`,
      nonNegativeInteger,
      1,
    )
    .action(
      action(async (ctx, command) => {
        const options = command.opts<DemoCommandOptions>();
        const ui = { url: options.uiUrl, namespace: options.namespace };
        let result;
        try {
          result = await runDemo(ctx.api, {
            waitMs: options.wait,
            failures: options.failures,
            signal: ctx.io.signal,
            say: (text) => {
              if (!ctx.json) printLine(ctx.io.stdout, text);
            },
          });
        } catch (error) {
          if (!(error instanceof LoopbackRefusedError)) throw error;
          printApiError(ctx.io.stderr, error.apiError);
          printLine(ctx.io.stderr, LOOPBACK_HINT);
          return ExitCode.apiError;
        }
        if (ctx.json) printJson(ctx.io.stdout, demoJson(result, ui));
        else printDemoReport(ctx.io.stdout, result, ui);
        if (result.complete) return undefined;
        printLine(ctx.io.stderr, SLOW_SCHEDULE_HINT);
        return ExitCode.apiError;
      }),
    );
}
