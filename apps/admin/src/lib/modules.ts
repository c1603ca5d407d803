import type { AppModule } from '@cchc/domain/roles';
import {
  IconBuildingCommunity,
  IconCalendarEvent,
  IconCalendarOff,
  IconChartBar,
  IconChecklist,
  IconFileText,
  IconHistory,
  IconLayoutDashboard,
  IconMessageReport,
  IconPlugConnected,
  IconScale,
  IconUsers,
} from '@tabler/icons-react';

export const MODULE_PATHS: Record<AppModule, string> = {
  overview: '/overview',
  plans: '/plans',
  meetings: '/meetings',
  procedures: '/procedures',
  feedback: '/feedback',
  scores: '/scores',
  reports: '/reports',
  agencies: '/agencies',
  calendar: '/calendar',
  users: '/users',
  audit: '/audit',
  integrations: '/integrations',
};

export const MODULE_ICONS: Record<AppModule, typeof IconUsers> = {
  overview: IconLayoutDashboard,
  plans: IconChecklist,
  meetings: IconCalendarEvent,
  procedures: IconScale,
  feedback: IconMessageReport,
  scores: IconChartBar,
  reports: IconFileText,
  agencies: IconBuildingCommunity,
  calendar: IconCalendarOff,
  users: IconUsers,
  audit: IconHistory,
  integrations: IconPlugConnected,
};

/** Modules under the "Administration" heading of the navigation. */
export const ADMIN_MODULES: readonly AppModule[] = ['agencies', 'calendar', 'users', 'audit', 'integrations'];
