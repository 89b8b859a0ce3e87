import { defineMessages } from '../../i18n/define.js';

export const analystMessages = defineMessages({
  nl: {},
  en: {},
});
