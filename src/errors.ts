// Errors that carry an HTTP status and say whether their message may be shown to the reader.
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  /** When true the message is safe to show on an error page. */
  readonly expose: boolean;

  constructor(code: string, message: string, status = 500, expose = false, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.expose = expose;
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('config', message, 500, true);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super('not_found', message, 404, true);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super('bad_request', message, 400, true);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('database_unavailable', message, 503, false, options);
  }
}
