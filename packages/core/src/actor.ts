/** Who is acting: passed to every service that writes, so the audit row names them. */
import type { Role } from '@cchc/domain/roles';

export interface Actor {
  userId: string;
  username: string;
  role: Role;
  agencyId: string;
  requestId?: string;
}

/** The system itself (seeds, scheduled jobs) when no person acts. */
export const SYSTEM_ACTOR = { userId: null, username: 'system', requestId: undefined } as const;
export type AuditActor = Pick<Actor, 'username' | 'requestId'> & { userId: string | null };
