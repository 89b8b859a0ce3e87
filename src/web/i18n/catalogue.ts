import { accessRequestMessages } from '../features/access-requests/messages.js';
import { adminMessages } from '../features/admin/messages.js';
import { analystMessages } from '../features/analyst/messages.js';
import { authMessages } from '../features/auth/messages.js';
import { accessLogMessages } from '../features/coordinator/access-log.messages.js';
import { coordinatorMessages } from '../features/coordinator/messages.js';
import { directoryMessages } from '../features/directory/messages.js';
import { dashboardMessages } from '../features/dashboard/messages.js';
import { policyMessages } from '../features/policy/messages.js';
import { evaluationMessages } from '../features/evaluation/messages.js';
import { contextSeriesMessages } from '../features/policy/context-series.messages.js';
import { reportingMessages } from '../features/reporting/messages.js';
import { indicatorMessages } from '../features/indicators/messages.js';
import { commonMessages } from './common.messages.js';

/** All messages of the app, per language. Each feature keeps its own catalogue. */
export const catalogue = {
  nl: {
    ...commonMessages.nl,
    ...authMessages.nl,
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
    ...directoryMessages.nl,
    ...contextSeriesMessages.nl,
  },
  en: {
    ...commonMessages.en,
    ...authMessages.en,
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
    ...directoryMessages.en,
    ...contextSeriesMessages.en,
  },
};

export type Lang = keyof typeof catalogue;
export type MessageKey = keyof (typeof catalogue)['nl'];
