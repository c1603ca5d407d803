/** SQL twin of domain/tasks/status.ts taskStatus(); a test holds the two equal. */

import type { TaskStatus } from '@cchc/domain/tasks/status';
import { type RawBuilder, sql } from 'kysely';

/** `t` is the task table's alias; `today` a 'YYYY-MM-DD' date. */
export function taskStatusSql(today: string, t = 't'): RawBuilder<TaskStatus> {
  const c = (col: string) => sql.ref(`${t}.${col}`);
  return sql<TaskStatus>`case
    when ${c('cancelled_at')} is not null then 'cancelled'
    when ${c('completed_on')} is not null then
      case when ${c('deadline')} is null or ${c('completed_on')} <= ${c('deadline')} then 'done_on_time' else 'done_late' end
    when ${c('deadline')} is not null and ${today}::date > ${c('deadline')} then 'overdue'
    when ${c('progress')} > 0 then 'in_progress'
    else 'not_started' end`;
}
