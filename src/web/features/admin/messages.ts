import { defineMessages } from '../../i18n/define.js';

export const adminMessages = defineMessages({
  nl: {},
  en: {},
});
