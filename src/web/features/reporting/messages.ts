import { defineMessages } from '../../i18n/define.js';

export const reportingMessages = defineMessages({
  nl: {},
  en: {},
});
