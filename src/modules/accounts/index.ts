export {
  AccountError,
  changePassword,
  confirmEmailChange,
  deleteAccount,
  emailPreferences,
  setEmailPreferences,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  createUser,
  findUserById,
  issueVerifyToken,
  isEmailAddress,
  normaliseEmail,
  SESSION_DAYS,
  SESSION_IDLE_DAYS,
  sessionUser,
  signIn,
  signUp,
  signOut,
  signOutEverywhere,
  verifyEmail,
  purgeExpiredAccountRows,
} from './accounts.service.ts';
export type { EmailPreferences, SignUpResult, User } from './accounts.service.ts';
export { MIN_PASSWORD_LENGTH, passwordProblem } from './passwords.ts';
export { bruteForceGuard, KNOWN_ADDRESS_MS, KNOWN_ADDRESS_PREFIX, LIMITS, TooManyAttempts } from './brute-force.ts';
export type { BruteForceGuard } from './brute-force.ts';
export { ADMIN_ROLES, EDITOR_ROLES, MODERATOR_ROLES, ROLES, STAFF_ROLES, WRITER_ROLES } from './domain.ts';
export type { Role, StaffRole } from './domain.ts';
export { acceptInvite, changeRole, deactivateStaff, findInvite, inviteStaff, isStaffRole, listStaff, reactivateStaff, resetStaffPassword } from './staff.service.ts';
export type { PendingInvite, StaffActor, StaffLogEntry, StaffMember } from './staff.service.ts';
export { accountEmailRenderers, ACCOUNT_TEMPLATES } from './account-emails.ts';
export type { AccountMailContext, AccountTemplate } from './account-emails.ts';
