import { defineMessages } from '../../i18n/define.js';

export const coordinatorMessages = defineMessages({
  nl: {},
  en: {},
});
