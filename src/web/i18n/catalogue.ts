import { accessRequestMessages } from '../features/access-requests/messages.js';
import { adminMessages } from '../features/admin/messages.js';
import { analystMessages } from '../features/analyst/messages.js';
import { authMessages } from '../features/auth/messages.js';
import { calendarMessages } from '../features/calendar/messages.js';
import { accessLogMessages } from '../features/coordinator/access-log.messages.js';
import { coordinatorMessages } from '../features/coordinator/messages.js';
import { directoryMessages } from '../features/directory/messages.js';
import { dashboardMessages } from '../features/dashboard/messages.js';
import { policyMessages } from '../features/policy/messages.js';
import { evaluationMessages } from '../features/evaluation/messages.js';
import { contextSeriesMessages } from '../features/policy/context-series.messages.js';
import { reportingMessages } from '../features/reporting/messages.js';
import { indicatorMessages } from '../features/indicators/messages.js';
import { meetingMessages } from '../features/meetings/messages.js';
import { notificationMessages } from '../features/notifications/messages.js';
import { commonMessages } from './common.messages.js';

/** All messages of the app, per language. Each feature keeps its own catalogue. */
export const catalogue = {
  nl: {
    ...commonMessages.nl,
    ...authMessages.nl,
    ...calendarMessages.nl,
    ...reportingMessages.nl,
    ...coordinatorMessages.nl,
    ...accessLogMessages.nl,
    ...accessRequestMessages.nl,
    ...adminMessages.nl,
    ...analystMessages.nl,
    ...dashboardMessages.nl,
    ...policyMessages.nl,
    ...evaluationMessages.nl,
    ...indicatorMessages.nl,
    ...notificationMessages.nl,
    ...directoryMessages.nl,
    ...contextSeriesMessages.nl,
    ...meetingMessages.nl,
  },
  en: {
    ...commonMessages.en,
    ...authMessages.en,
    ...calendarMessages.en,
    ...reportingMessages.en,
    ...coordinatorMessages.en,
    ...accessLogMessages.en,
    ...accessRequestMessages.en,
    ...adminMessages.en,
    ...analystMessages.en,
    ...dashboardMessages.en,
    ...policyMessages.en,
    ...evaluationMessages.en,
    ...indicatorMessages.en,
    ...notificationMessages.en,
    ...directoryMessages.en,
    ...contextSeriesMessages.en,
    ...meetingMessages.en,
  },
};

export type Lang = keyof typeof catalogue;
export type MessageKey = keyof (typeof catalogue)['nl'];
