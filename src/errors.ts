// Every error the product can tell someone about has one stable code from this closed list, with
// the HTTP status it answers with. Logs carry the code, JSON endpoints answer
// { "error": { "code", "message" } }, and tests assert codes, never sentences.
const STATUS = {
  // The request itself
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  // Who is asking
  SIGN_IN_REQUIRED: 401,
  ROLE_REQUIRED: 403,
  CSRF_INVALID: 403,
  // The machine
  CONFIG_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
  // Accounts
  EMAIL_INVALID: 400,
  DISPLAY_NAME_INVALID: 400,
  PASSWORD_WEAK: 400,
  PASSWORD_WRONG: 400,
  EMAIL_TAKEN: 400,
  EMAIL_UNCHANGED: 400,
  TOKEN_INVALID: 400,
  ACCOUNT_GONE: 400,
  ACCOUNT_DEACTIVATED: 403,
  STAFF_ROLE_INVALID: 400,
  STAFF_NOT_FOUND: 404,
  STAFF_ALREADY: 409,
  STAFF_SELF_CHANGE: 409,
  INVITE_INVALID: 400,
  INVITE_PASSWORD_WRONG: 400,
  PROFILE_INVALID: 400,
  LAST_ADMIN: 400,
  SIGN_IN_LOCKED: 429,
  SIGN_IN_TOO_MANY_FROM_NETWORK: 429,
  RESET_TOO_MANY_FROM_NETWORK: 429,
  RESET_TOO_MANY_FOR_ACCOUNT: 429,
  VERIFY_RESEND_TOO_MANY: 429,
  SIGN_UP_TOO_MANY_FOR_ADDRESS: 429,
  // Comments
  STORY_NOT_FOUND: 404,
  COMMENT_NOT_FOUND: 404,
  COMMENT_REPLY_WRONG_STORY: 400,
  COMMENT_NOT_YOURS: 403,
  COMMENT_LOCKED: 409,
  COMMENT_EDIT_WINDOW_PASSED: 409,
  COMMENT_NOT_SHOWN: 409,
  COMMENT_DELETED: 409,
  COMMENT_ALREADY_REPORTED: 409,
  COMMENT_OWN_REPORT: 400,
  REPORT_NOT_ALLOWED: 403,
  REPORT_RATE_LIMITED: 429,
  COMMENT_EMAIL_UNVERIFIED: 403,
  REPORT_REASON_REQUIRED: 400,
  REPORT_NOTE_REQUIRED: 400,
  DECISION_REASON_REQUIRED: 400,
  DECISION_INVALID: 400,
  FEATURE_UNPUBLISHED: 409,
  THREAD_MODE_INVALID: 400,
  SLOW_MODE_INVALID: 400,
  // Newsroom desk
  STORY_NOT_YOURS: 403,
  DESK_EDITORS_ONLY: 403,
  STORY_TRANSITION_REFUSED: 409,
  STORY_NOT_EDITABLE: 409,
  STORY_EDIT_CONFLICT: 409,
  STORY_HEADLINE_REQUIRED: 400,
  STORY_FIELD_TOO_LONG: 400,
  TOPIC_NOT_FOUND: 400,
  AUTHOR_NOT_FOUND: 400,
  NAVIGATION_INVALID: 400,
  STORY_SCHEDULE_INVALID: 400,
  WITHDRAW_REASON_REQUIRED: 400,
  STORY_ALT_TEXT_REQUIRED: 409,
  CORRECTION_NOTE_INVALID: 400,
  STORY_VERSION_NOT_FOUND: 404,
  STORY_EMBARGOED: 409,
  STORY_SLUG_INVALID: 400,
  STORY_SLUG_TAKEN: 409,
  WIRE_UPDATE_NONE: 409,
  MEDIA_NOT_FOUND: 404,
  SOURCE_INVALID: 400,
  SOURCE_NOT_FOUND: 404,
  UPLOAD_INVALID: 400,
  // Moderation desk
  USER_NOT_FOUND: 404,
  STAFF_NOT_MODERATED: 400,
  USER_ACTION_INVALID: 400,
  USER_ACTION_REASON_REQUIRED: 400,
  SUSPENSION_OUT_OF_RANGE: 400,
  WORD_LIST_INVALID: 400,
  SETTING_INVALID: 400,
  GUIDELINES_LENGTH: 400,
  // Media
  IMAGE_EMPTY: 422,
  IMAGE_TOO_LARGE: 422,
  IMAGE_UNREADABLE: 422,
  IMAGE_FORMAT_UNSUPPORTED: 422,
  VIDEO_EMPTY: 422,
  VIDEO_TOO_LARGE: 413,
  VIDEO_UNREADABLE: 422,
  VIDEO_FORMAT_UNSUPPORTED: 422,
  MEDIA_NOT_VIDEO: 422,
  /** An upload that is neither a picture nor a video the site can show. */
  UPLOAD_TYPE_UNSUPPORTED: 415,
  UPLOAD_TOO_LARGE: 413,
  // Follows, alerts and newsletters
  FOLLOW_TARGET_UNKNOWN: 404,
  FOLLOW_TARGET_INVALID: 400,
  FOLLOW_LIMIT: 409,
  CADENCE_INVALID: 400,
  DIGEST_HOUR_INVALID: 400,
  DIGEST_DAY_INVALID: 400,
  SUBSCRIBE_TOPICS_REQUIRED: 400,
  SUBSCRIBER_LINK_INVALID: 400,
  ALERT_NOT_BREAKING: 409,
  // Story tips
  TIP_KEY_INVALID: 500,
  TIP_SEAL_BROKEN: 500,
  TIP_WHAT_REQUIRED: 400,
  TIP_FIELD_TOO_LONG: 400,
  TIP_RECEIPT_UNKNOWN: 404,
  TIP_NOT_FOUND: 404,
  TIP_NOT_ASSIGNED_TO_YOU: 403,
  TIP_STATUS_INVALID: 400,
  TIP_ASSIGNEE_INVALID: 400,
  TIP_MESSAGE_REQUIRED: 400,
  TIP_STORY_UNKNOWN: 400,
  TIP_DUPLICATE_INVALID: 400,
  TIP_CLOSED: 409,
  TIP_TOO_MANY_FILES: 400,
  TIP_FILES_TOO_LARGE: 413,
  TIP_FILE_TYPE_REFUSED: 415,
  TIP_FILE_TYPE_MISMATCH: 415,
  TIP_FILE_DAMAGED: 422,
  TIP_FILE_NOT_FOUND: 404,
  TIP_TOO_MANY_FROM_NETWORK: 429,
  // Search
  SEARCH_EMPTY: 400,
  SEARCH_ONLY_EXCLUDED: 400,
  SEARCH_DATE_INVALID: 400,
  SEARCH_CURSOR_INVALID: 400,
  // Push ingest
  PUSH_SOURCE_UNKNOWN: 404,
  PUSH_BAD_SECRET: 401,
  PUSH_NOT_STORED: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS;
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];
export const statusOfCode = (code: ErrorCode): number => STATUS[code];

export interface AppErrorOptions extends ErrorOptions {
  /** Overrides the code's usual status. */
  status?: number;
  /** When true the message is safe to show (the default for 4xx codes). */
  expose?: boolean;
}

/** An error with a stable code; its message is the sentence a person is shown. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** When true the message is safe to show on an error page. */
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.expose = options.expose ?? this.status < 500;
  }
}

export class ConfigError extends AppError {
  constructor(message: string) {
    super('CONFIG_INVALID', message, { expose: true });
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found', code: ErrorCode = 'NOT_FOUND') {
    super(code, message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code: ErrorCode = 'BAD_REQUEST') {
    super(code, message);
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor(message: string, options?: ErrorOptions) {
    super('DATABASE_UNAVAILABLE', message, { ...options, expose: false });
  }
}

/** The JSON shape of an error: what API clients read. */
export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
