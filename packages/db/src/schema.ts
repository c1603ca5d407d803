/**
 * The Kysely view of the database. Columns are snake_case in SQL and camelCase here
 * (CamelCasePlugin). Calendar dates are 'YYYY-MM-DD' strings; instants are Date.
 */
import type { AgencyKind, LineageKind } from '@cchc/domain/agency';
import type { TimeUnit } from '@cchc/domain/calendar/deadlines';
import type { CalendarDayKind, CalendarYearStatus } from '@cchc/domain/calendar/holidays';
import type {
  FeedbackChannel,
  FeedbackClassification,
  FeedbackStatus,
  Satisfaction,
  SubmitterType,
} from '@cchc/domain/feedback/workflow';
import type { ImportRunStatus } from '@cchc/domain/imports';
import type { AttendanceMark, ExpectedLevel, SessionMode, SessionStatus } from '@cchc/domain/meetings/attendance';
import type { DossierChannel, DossierStatus } from '@cchc/domain/procedures/dossier';
import type { ProcedureStatus, ReviewProposal, ReviewStatus } from '@cchc/domain/procedures/review';
import type { ReportStatus, SubmissionStatus } from '@cchc/domain/reports/regime';
import type { ApiKeyScope, Role } from '@cchc/domain/roles';
import type { ScorePeriodKind, ScoreRunStatus } from '@cchc/domain/scores/scheme';
import type { PlanStatus, TaskPriority } from '@cchc/domain/tasks/status';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface AgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  fullName: string;
  nameEn: string | null;
  kind: AgencyKind;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  searchText: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface AgencyLineageTable {
  id: Generated<number>;
  kind: LineageKind;
  fromAgencyId: string;
  toAgencyId: string | null;
  effectiveDate: string;
  note: string | null;
  /** For a split: this successor receives the unit's history (one per split unit). */
  carriesHistory: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: Role;
  agencyId: string;
  isActive: Generated<boolean>;
  mustChangePassword: Generated<boolean>;
  searchText: string;
  lastSignInAt: Date | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  /** Two-factor sign-in (TOTP): the secret in use, the one being set up, since when, the last step accepted. */
  totpSecret: Generated<string | null>;
  totpPendingSecret: Generated<string | null>;
  totpEnabledAt: Generated<Date | null>;
  totpLastStep: Generated<string | null>;
}

export interface UserRecoveryCodeTable {
  userId: string;
  /** SHA-256 (hex) of the code; the code is shown once, when two-factor sign-in is turned on. */
  codeHash: string;
  usedAt: Date | null;
}

export interface UserSessionTable {
  /** SHA-256 of the session token (hex); the token itself is never stored. */
  id: string;
  userId: string;
  createdAt: Generated<Date>;
  /** The absolute end of the session; it never slides (issue 15: idle timeout plus absolute lifetime). */
  expiresAt: Timestamp;
  lastSeenAt: Generated<Date>;
  /** The browser that signed in, as its User-Agent said (cut to 400 characters); shown in "my sessions". */
  userAgent: string | null;
  /** The address last seen using the session. */
  address: string | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  usernameKey: string;
  address: string;
  /** null while the password is being checked (the attempt is reserved first and counts as a failure). */
  succeeded: boolean | null;
  attemptedAt: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurredAt: Generated<Date>;
  actorUserId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Json;
  after: Json;
  requestId: string | null;
}

export interface ImportRunTable {
  id: Generated<string>;
  kind: string;
  fileName: string | null;
  status: ImportRunStatus;
  rowsTotal: Generated<number>;
  rowsOk: Generated<number>;
  rowsFailed: Generated<number>;
  errors: Json;
  summary: Json;
  createdBy: string | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
}

export interface AppSettingTable {
  key: string;
  value: Json;
  updatedAt: Generated<Date>;
  updatedBy: string | null;
}

export interface CalendarYearTable {
  year: number;
  status: CalendarYearStatus;
  note: string | null;
  updatedAt: Generated<Date>;
  updatedBy: string | null;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  kind: CalendarDayKind;
  name: string;
  /** The document that sets the day (number and date); null on a pre-filled day. */
  source: string | null;
}

export interface StoredFileTable {
  id: Generated<string>;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  createdBy: string | null;
  /** The uploader's agency when it was uploaded: the agency whose quota the file counts against. */
  agencyId: string | null;
  createdAt: Generated<Date>;
}

export interface PlanTable {
  id: Generated<string>;
  year: number;
  title: string;
  description: string | null;
  docNumber: string | null;
  docDate: string | null;
  issuingAgencyId: string | null;
  status: Generated<PlanStatus>;
  searchText: string;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface PlanGroupTable {
  id: Generated<string>;
  planId: string;
  parentId: string | null;
  code: string | null;
  title: string;
  position: Generated<number>;
}

export interface TaskTable {
  id: Generated<string>;
  planId: string;
  groupId: string | null;
  code: string | null;
  title: string;
  description: string | null;
  expectedOutput: string | null;
  leadAgencyId: string;
  priority: Generated<TaskPriority>;
  weight: ColumnType<number, number | undefined, number>;
  startDate: string | null;
  timeLimitValue: number | null;
  timeLimitUnit: TimeUnit | null;
  deadline: string | null;
  progress: Generated<number>;
  completedOn: string | null;
  resultDocument: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  sourceKind: string | null;
  sourceId: string | null;
  searchText: string;
  lastUpdateAt: Date | null;
  overdueNotifiedFor: string | null;
  remindedFor: string | null;
  staleNotifiedAt: Date | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface TaskCoordinatorTable {
  taskId: string;
  agencyId: string;
}

export interface TaskUpdateTable {
  id: Generated<string>;
  taskId: string;
  reportedOn: string;
  progress: number;
  note: string;
  documentRefs: string | null;
  agencyId: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface TaskUpdateFileTable {
  taskUpdateId: string;
  fileId: string;
}

export interface NotificationTable {
  id: Generated<number>;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  dedupeKey: string;
  createdAt: Generated<Date>;
  readAt: Date | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  toAddress: string;
  subject: string;
  body: string;
  dedupeKey: string;
  createdAt: Generated<Date>;
  sentAt: Date | null;
  attempts: Generated<number>;
  lastError: string | null;
}

export interface WorkingGroupTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  createdAt: Generated<Date>;
}

export interface MeetingSessionTable {
  id: Generated<string>;
  groupId: string;
  number: number;
  title: string;
  startsAt: Timestamp;
  endsAt: Date | string | null;
  mode: SessionMode;
  chair: string | null;
  agenda: string | null;
  minutes: string | null;
  status: Generated<SessionStatus>;
  finalisedAt: Date | null;
  finalisedBy: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface SessionSiteTable {
  id: Generated<string>;
  sessionId: string;
  name: string;
  hostAgencyId: string | null;
  position: Generated<number>;
}

export interface SessionInvitationTable {
  sessionId: string;
  agencyId: string;
  expectedLevel: Generated<ExpectedLevel>;
  mark: AttendanceMark | null;
  delegateName: string | null;
  delegatePosition: string | null;
  absenceReason: string | null;
  absenceDocument: string | null;
  lateMinutes: number | null;
  siteId: string | null;
  markedAt: Date | null;
  markedBy: string | null;
}

export interface SessionConclusionTable {
  id: Generated<string>;
  sessionId: string;
  position: number;
  content: string;
  createdAt: Generated<Date>;
}

export interface SessionFileTable {
  sessionId: string;
  fileId: string;
}

export interface ProcedureTable {
  id: Generated<string>;
  code: string;
  name: string;
  field: string | null;
  levels: ColumnType<string[], string[] | undefined, string[]>;
  procedureType: string | null;
  decisionNo: string | null;
  issuingAgencyName: string | null;
  implementingAgenciesText: string | null;
  targetSubjects: string | null;
  detailUrl: string | null;
  timeLimitValue: number | null;
  timeLimitUnit: TimeUnit | null;
  onlineLevel: string | null;
  status: Generated<ProcedureStatus>;
  statusSince: string | null;
  searchText: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface ProcedureStatusHistoryTable {
  id: Generated<number>;
  procedureId: string;
  status: ProcedureStatus;
  effectiveDate: string;
  decisionNo: string | null;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface ProcedureAgencyTable {
  procedureId: string;
  agencyId: string;
}

export interface DossierTable {
  id: Generated<number>;
  sourceId: string;
  procedureId: string;
  receivingAgencyId: string | null;
  competentAgencyId: string;
  receivedAt: Timestamp;
  appointmentDate: string;
  finishedAt: Date | string | null;
  channel: DossierChannel;
  status: DossierStatus;
  supplementRequests: Generated<number>;
  supplementDays: Generated<number>;
  importRunId: string | null;
  updatedAt: Generated<Date>;
}

export interface FilingMonthlyTable {
  procedureId: string;
  agencyId: string;
  month: string;
  source: string;
  received: Generated<number>;
}

export interface ProcedureLastFilingTable {
  procedureId: string;
  agencyId: string;
  lastFiling: string;
}

export interface ProcedureLastFilingAnyTable {
  procedureId: string;
  lastFiling: string;
}

export interface DormancyScanTable {
  id: Generated<string>;
  asOf: string;
  months: number;
  dormantProcedures: number;
  dormantPairs: number;
  runBy: string | null;
  createdAt: Generated<Date>;
}

export interface DormancyResultTable {
  scanId: string;
  procedureId: string;
  agencyId: string | null;
  lastFiling: string | null;
}

export interface ProcedureReviewTable {
  id: Generated<string>;
  procedureId: string;
  agencyId: string;
  lastFiling: string | null;
  status: Generated<ReviewStatus>;
  proposal: ReviewProposal | null;
  justification: string | null;
  proposeDue: string;
  decideDue: string | null;
  proposedAt: Date | null;
  proposedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNo: string | null;
  decisionDate: string | null;
  decisionNote: string | null;
  openedBy: string | null;
  createdAt: Generated<Date>;
}

export interface FeedbackTable {
  id: Generated<string>;
  number: Generated<number>;
  externalId: string | null;
  /** The source system of an imported item ('' for items entered in the app or imported before sources were named). */
  source: ColumnType<string, string | undefined, string>;
  receivedAt: Timestamp;
  receivedOn: string;
  channel: FeedbackChannel;
  submitterType: SubmitterType;
  submitterName: string;
  submitterContact: string | null;
  subject: string;
  content: string;
  classification: FeedbackClassification | null;
  field: string | null;
  competentAgencyId: string | null;
  status: FeedbackStatus;
  clockStart: string;
  refuseDue: string;
  infoDue: string;
  answerDue: string;
  publishDue: string | null;
  dueSource: Generated<string>;
  /** Computed through a year without a published holiday calendar: re-dated and cleared when that year is saved. */
  duesProvisional: Generated<boolean>;
  answerText: string | null;
  answeredAt: Timestamp | null;
  answeredOn: string | null;
  answerWorkingDays: number | null;
  publishedAt: Timestamp | null;
  satisfaction: Generated<Satisfaction>;
  recomplaint: Generated<boolean>;
  remindedOn: string | null;
  overdueNotifiedOn: string | null;
  searchText: string;
  importRunId: string | null;
  /** The API key of the system that submitted the item (Open311 POST; migration 0021). */
  sourceApiKeyId: Generated<string | null>;
  createdBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface FeedbackEventTable {
  id: Generated<number>;
  feedbackId: string;
  action: string;
  fromStatus: FeedbackStatus | null;
  toStatus: FeedbackStatus;
  fromAgencyId: string | null;
  toAgencyId: string | null;
  note: string | null;
  importRunId: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface FeedbackLimitTable {
  id: Generated<string>;
  agencyId: string | null;
  channel: FeedbackChannel | null;
  refuseDays: number;
  infoDays: number;
  answerDays: number;
  publishDays: number;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

export interface FeedbackImportProfileTable {
  id: Generated<string>;
  name: string;
  mapping: Json;
  createdBy: string | null;
  updatedAt: Generated<Date>;
}

export interface FeedbackRollupTable {
  agencyId: string;
  bucket: string;
  received: number;
  withinCompetence: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  notSatisfied: number;
  regulation: number;
  conduct: number;
}

export interface FeedbackRollupOpenTable {
  agencyId: string;
  bucket: string;
  answerDue: string;
  items: number;
}

export interface FeedbackRollupDaysTable {
  agencyId: string;
  bucket: string;
  days: number;
  items: number;
}

export interface ScoreSchemeTable {
  id: Generated<string>;
  version: number;
  name: string;
  effectiveFrom: string;
  components: Json;
  groups: Json;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface ScoreRunTable {
  id: Generated<string>;
  periodKind: ScorePeriodKind;
  periodFrom: string;
  periodTo: string;
  schemeId: string;
  measure: string | null;
  status: ScoreRunStatus;
  phase: string | null;
  agenciesTotal: Generated<number>;
  agenciesDone: Generated<number>;
  error: string | null;
  trigger: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
}

export interface ScoreResultTable {
  runId: string;
  agencyId: string;
  peerGroup: string;
  total: number | null;
  earned: number;
  available: number;
  grade: string | null;
  rank: number | null;
  components: Json;
}

export interface ReportRegimeTable {
  id: Generated<string>;
  code: string;
  name: string;
  content: string | null;
  rules: Json;
  reporting: Json;
  receivingAgencyId: string;
  outline: Json;
  dataTables: Json;
  active: Generated<boolean>;
  updatedBy: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface ReportTable {
  id: Generated<string>;
  regimeId: string;
  periodKey: string;
  periodFrom: string;
  periodTo: string;
  scopeAgencyId: string;
  version: number;
  status: ReportStatus;
  phase: string | null;
  progress: Generated<number>;
  snapshot: Json | null;
  xlsx: Buffer | null;
  pdf: Buffer | null;
  error: string | null;
  trigger: Generated<string>;
  createdBy: string | null;
  createdAt: Generated<Date>;
  generatedAt: Date | null;
  finalisedAt: Date | null;
  finalisedBy: string | null;
  /** Word file of the draft, from the same document model as `pdf` (migration 0019). */
  docx: Buffer | null;
  /** Set on finalising: the number in the register of outgoing documents, and the PDF/DOCX that carry it. */
  registerId: string | null;
  officialPdf: Buffer | null;
  officialDocx: Buffer | null;
  /** The signed PDF uploaded back, and what its verification found. */
  signedPdf: Buffer | null;
  signature: Json | null;
  signedAt: Date | null;
  signedBy: string | null;
}

/** Sổ đăng ký văn bản đi: one number series per issuing agency and year (migration 0019). */
export interface DocumentRegisterTable {
  id: Generated<string>;
  issuerAgencyId: string;
  year: number;
  number: number;
  symbol: string;
  subject: string;
  issuedOn: string;
  entityType: string;
  entityId: string;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface ReportSubmissionTable {
  id: Generated<string>;
  regimeId: string;
  periodKey: string;
  periodFrom: string;
  periodTo: string;
  agencyId: string;
  dueDate: string;
  status: Generated<SubmissionStatus>;
  sections: ColumnType<unknown, string | undefined, string>;
  figures: Json | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  returnedReason: string | null;
  remindedOn: string | null;
  overdueNotifiedOn: string | null;
  updatedAt: Generated<Date>;
}

export interface ReportSubmissionEventTable {
  id: Generated<number>;
  submissionId: string;
  action: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

/** A live graphile-worker pool and its heartbeat (migration 0009). */
export interface WorkerPoolTable {
  id: string;
  hostname: string;
  pid: number;
  startedAt: Generated<Date>;
  seenAt: Generated<Date>;
}

/** An API key of another system (migration 0021): only the SHA-256 of the key is kept. */
export interface ApiKeyTable {
  id: Generated<string>;
  name: string;
  /** The key's first characters, shown in lists so a key can be recognised without being stored. */
  prefix: string;
  keyHash: string;
  scopes: ColumnType<ApiKeyScope[], ApiKeyScope[], ApiKeyScope[]>;
  rateLimitPerMinute: number;
  feedbackChannel: FeedbackChannel;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** A citizen's or business's challenge to a procedure under review (migration 0022). */
export interface ProcedureChallengeTable {
  id: Generated<string>;
  number: Generated<number>;
  reviewId: string;
  procedureId: string;
  agencyId: string;
  kind: 'unnecessary' | 'simplify';
  content: string;
  /** Personal data: shown to the reviewing agency, never published. */
  contact: string | null;
  addressHash: string;
  receivedAt: Generated<Date>;
  receivedOn: string;
  answerDue: string;
  status: Generated<'open' | 'answered'>;
  answerText: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

/** Requests per key per minute, for the rate limit (migration 0021). */
export interface ApiKeyUsageTable {
  keyId: string;
  windowStart: Timestamp;
  requests: number;
}

export type ParTargetKind = 'department' | 'commune';
export type ParState = 'self_assessing' | 'submitted' | 'appraised' | 'contested' | 'decided' | 'published';

export interface ParSchemeTable {
  id: Generated<string>;
  targetKind: ParTargetKind;
  version: number;
  name: string;
  tree: Json;
  note: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface ParYearTable {
  id: Generated<string>;
  year: number;
  targetKind: ParTargetKind;
  schemeId: string;
  selfDue: string;
  contestWorkingDays: Generated<number>;
  openedBy: string | null;
  openedAt: Generated<Date>;
  publishedAt: Date | null;
}

export interface ParAssessmentTable {
  id: Generated<string>;
  yearId: string;
  agencyId: string;
  state: Generated<ParState>;
  computed: Json | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  appraisedAt: Date | null;
  contestDue: string | null;
  contestedAt: Date | null;
  decidedAt: Date | null;
  result: Json | null;
  index: string | null;
  grade: string | null;
  rank: number | null;
  publishedAt: Date | null;
}

export interface ParEntryTable {
  assessmentId: string;
  leafCode: string;
  input: Json | null;
  evidenceFileIds: Generated<string[]>;
  adjustmentPoints: string | null;
  adjustmentReason: string | null;
  contestText: string | null;
  decisionReason: string | null;
  updatedBy: string | null;
  updatedAt: Generated<Date>;
}

export interface ParSurveyTable {
  yearId: string;
  agencyId: string;
  leafCode: string;
  score: string;
  importedBy: string | null;
  importedAt: Generated<Date>;
}

export interface Database {
  agency: AgencyTable;
  agencyLineage: AgencyLineageTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  userRecoveryCode: UserRecoveryCodeTable;
  signInAttempt: SignInAttemptTable;
  auditLog: AuditLogTable;
  importRun: ImportRunTable;
  appSetting: AppSettingTable;
  calendarYear: CalendarYearTable;
  calendarDay: CalendarDayTable;
  storedFile: StoredFileTable;
  plan: PlanTable;
  planGroup: PlanGroupTable;
  task: TaskTable;
  taskCoordinator: TaskCoordinatorTable;
  taskUpdate: TaskUpdateTable;
  taskUpdateFile: TaskUpdateFileTable;
  notification: NotificationTable;
  emailOutbox: EmailOutboxTable;
  workingGroup: WorkingGroupTable;
  meetingSession: MeetingSessionTable;
  sessionSite: SessionSiteTable;
  sessionInvitation: SessionInvitationTable;
  sessionConclusion: SessionConclusionTable;
  sessionFile: SessionFileTable;
  procedure: ProcedureTable;
  procedureStatusHistory: ProcedureStatusHistoryTable;
  procedureAgency: ProcedureAgencyTable;
  dossier: DossierTable;
  filingMonthly: FilingMonthlyTable;
  procedureLastFiling: ProcedureLastFilingTable;
  procedureLastFilingAny: ProcedureLastFilingAnyTable;
  dormancyScan: DormancyScanTable;
  dormancyResult: DormancyResultTable;
  procedureReview: ProcedureReviewTable;
  feedback: FeedbackTable;
  feedbackEvent: FeedbackEventTable;
  feedbackLimit: FeedbackLimitTable;
  feedbackImportProfile: FeedbackImportProfileTable;
  feedbackRollup: FeedbackRollupTable;
  feedbackRollupOpen: FeedbackRollupOpenTable;
  feedbackRollupDays: FeedbackRollupDaysTable;
  scoreScheme: ScoreSchemeTable;
  scoreRun: ScoreRunTable;
  scoreResult: ScoreResultTable;
  reportRegime: ReportRegimeTable;
  report: ReportTable;
  documentRegister: DocumentRegisterTable;
  reportSubmission: ReportSubmissionTable;
  reportSubmissionEvent: ReportSubmissionEventTable;
  workerPool: WorkerPoolTable;
  apiKey: ApiKeyTable;
  apiKeyUsage: ApiKeyUsageTable;
  procedureChallenge: ProcedureChallengeTable;
  parScheme: ParSchemeTable;
  parYear: ParYearTable;
  parAssessment: ParAssessmentTable;
  parEntry: ParEntryTable;
  parSurvey: ParSurveyTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
