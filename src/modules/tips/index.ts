export { TIP_ACCESS_ACTIONS, tipAccessLog } from './access-log.ts';
export type { TipAccessAction, TipAccessEntry } from './access-log.ts';
export { CHALLENGE_MAX, checkSolution, createChallenge, purgeSpentChallenges, solutionText, solveChallenge } from './challenge.ts';
export type { TipChallenge } from './challenge.ts';
export { CLOSED_TIP_STATUSES, TIP_FILE_KINDS, TIP_STATUSES } from './domain.ts';
export type { TipFileKind, TipStatus } from './domain.ts';
export { addKey, loadKeyring, parseKeyring } from './keyring.ts';
export type { TipKeyring } from './keyring.ts';
export { normalReceipt, RECEIPT_WORD_COUNT } from './receipts.ts';
export { receiveTipFile, removeTipFiles, TIP_FILE_MAX_BYTES, TIP_FILES_MAX, TIP_FILES_MAX_BYTES } from './tip-files.ts';
export type { ReceivedTipFile, RefusedTipFile, StoredTipFile, TipFileStore } from './tip-files.ts';
export type { TipContent, TipsContext } from './tips-context.ts';
export { addToTipAsSource, contactAddress, deleteTipAsSource, readTipAsSource, submitTip, TIP_LIMITS, tipReference, TIPS_PER_HOUR } from './tips.service.ts';
export type { SourceView, TipReceipt, TipSubmission } from './tips.service.ts';
export {
  assignTip,
  deleteTip,
  downloadTipFile,
  linkTipStory,
  listTips,
  markTipDuplicate,
  noteOnTip,
  openTip,
  replyToSource,
  setTipStatus,
  sourceAddressOf,
  COUNT_CAP,
  TIP_FOLDERS,
  TIP_PAGE,
  tipAssignees,
} from './tips-desk.service.ts';
export type { TipFolder, TipList, TipListItem, TipStaff, TipView } from './tips-desk.service.ts';
export { tipEmailRenderers, TIP_TEMPLATES } from './tip-emails.ts';
export { purgeOldTips } from './retention.ts';
export type { TipPurgeCounts } from './retention.ts';
export { resealTips } from './rekey.ts';
export type { RekeyCounts } from './rekey.ts';
export { sealJson } from './sealing.ts';
