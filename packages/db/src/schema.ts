/**
 * The Kysely view of the database. Columns are snake_case in SQL and camelCase here
 * (CamelCasePlugin). Calendar dates are 'YYYY-MM-DD' strings; instants are Date.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null, string | null>;

export interface AgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  fullName: string;
  nameEn: string | null;
  kind: string;
  parentId: string | null;
  validFrom: string | null;
  validTo: string | null;
  searchText: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface AgencyLineageTable {
  id: Generated<number>;
  kind: string;
  fromAgencyId: string;
  toAgencyId: string | null;
  effectiveDate: string;
  note: string | null;
  createdAt: Generated<Date>;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: string;
  agencyId: string;
  isActive: Generated<boolean>;
  mustChangePassword: Generated<boolean>;
  searchText: string;
  lastSignInAt: Date | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface UserSessionTable {
  /** SHA-256 of the session token (hex); the token itself is never stored. */
  id: string;
  userId: string;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  lastSeenAt: Generated<Date>;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  usernameKey: string;
  address: string;
  succeeded: boolean;
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
  status: string;
  rowsTotal: Generated<number>;
  rowsOk: Generated<number>;
  rowsFailed: Generated<number>;
  errors: Json;
  summary: Json;
  createdBy: string | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
}

export interface Database {
  agency: AgencyTable;
  agencyLineage: AgencyLineageTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  signInAttempt: SignInAttemptTable;
  auditLog: AuditLogTable;
  importRun: ImportRunTable;
}

export type Agency = Selectable<AgencyTable>;
export type NewAgency = Insertable<AgencyTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewAppUser = Insertable<AppUserTable>;
export type AppUserUpdate = Updateable<AppUserTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
