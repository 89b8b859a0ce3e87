import { defineMessages } from '../../i18n/define.js';

export const analystMessages = defineMessages({
  nl: {
    'analyst.nav': 'Cijfers',
    'analyst.title': 'Cijfers',
    'analyst.intro': 'Hoeveel signalen er per jaar binnenkwamen en hoeveel daarvan zijn doorverwezen naar een ketenpartner.',
    'analyst.caption': 'Signalen en doorverwezen signalen per jaar',
    'analyst.year': 'Jaar',
    'analyst.signals': 'Signalen',
    'analyst.referred': 'Doorverwezen signalen',
    'analyst.empty': 'Er zijn nog geen signalen.',
    'analyst.suppressedSr': 'minder dan {threshold}',
    'analyst.suppressionTitle': 'Waarom staat er soms „< {threshold}”?',
    'analyst.suppression':
      'Kleine aantallen kunnen naar personen herleidbaar zijn. Daarom tonen we een aantal kleiner dan {threshold} niet precies, maar als „< {threshold}” (celonderdrukking). Er worden alleen jaartotalen getoond, zodat een onderdrukt aantal niet uit andere cijfers is terug te rekenen.',
    'analyst.noneSuppressed': 'In deze tabel is geen aantal onderdrukt.',
    'analyst.exact': 'Als aandachtsfunctionaris ziet u de exacte aantallen. De analist ziet aantallen onder {threshold} als „< {threshold}”.',
  },
  en: {
    'analyst.nav': 'Figures',
    'analyst.title': 'Figures',
    'analyst.intro': 'How many signals came in per year and how many of them were referred to a partner.',
    'analyst.caption': 'Signals and referred signals per year',
    'analyst.year': 'Year',
    'analyst.signals': 'Signals',
    'analyst.referred': 'Referred signals',
    'analyst.empty': 'There are no signals yet.',
    'analyst.suppressedSr': 'fewer than {threshold}',
    'analyst.suppressionTitle': 'Why does it sometimes say “< {threshold}”?',
    'analyst.suppression':
      'Small numbers can point to individual people. That is why a number below {threshold} is not shown exactly but as “< {threshold}” (small-cell suppression). Only yearly totals are shown, so that a suppressed number cannot be worked out from other figures.',
    'analyst.noneSuppressed': 'No number in this table is suppressed.',
    'analyst.exact': 'As the trafficking coordinator you see the exact numbers. The analyst sees numbers below {threshold} as “< {threshold}”.',
  },
});
