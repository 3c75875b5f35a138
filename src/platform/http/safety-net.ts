import type { FastifyBaseLogger } from 'fastify';

let log: FastifyBaseLogger | undefined;
let installed = false;

/**
 * The last line of defence: an error thrown where no handler can catch it (a timer, a callback a
 * library calls after the request's promise has settled, a promise nobody awaits) is logged and the
 * process keeps serving everyone else, instead of Node stopping the whole service. The request
 * errors an application can see are answered (500) by the app's error handler; this catches the rest.
 * Installed once per process; the newest app's logger is used.
 */
export function installSafetyNet(logger: FastifyBaseLogger): void {
  log = logger;
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    log?.error(
      { err: reason },
      'unexpected error outside any request (a promise nobody awaited); Postwarden keeps running',
    );
  });
  process.on('uncaughtException', (error) => {
    log?.error({ err: error }, 'unexpected error outside any request (thrown in a callback); Postwarden keeps running');
  });
}
