/** One field the API refused, as its error answer lists it. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The API answered with a status outside 2xx. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** No answer from the API: connection refused, DNS failure, or no answer in time. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Could not reach the hookline API at ${url}: ${reason}.`);
    this.name = 'UnreachableError';
  }
}

/** The command line was used wrongly in a way only the command itself can tell. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The operator pressed Ctrl-C while a command was waiting for the API. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted.');
    this.name = 'InterruptedError';
  }
}
