import { defineMessages } from '../../i18n/define.js';

/** Issue 6.6: the calendar subscription on one's own account page. */
export const calendarMessages = defineMessages({
  nl: {
    'calendar.title': 'Agenda-abonnement',
    'calendar.intro':
      'Zet de overleggen waaraan u deelneemt en de einddata van uw actiepunten in uw eigen agenda, zoals Outlook, Google Agenda of de agenda op uw telefoon. Uw agenda haalt ze zelf op via een geheim adres en houdt ze bij.',
    'calendar.introCoordinator':
      'Als aandachtsfunctionaris ziet u alle overleggen van de gemeente, en de dagen waarop u terugkoppeling van ketenpartners verwacht (alleen met het signaalnummer).',
    'calendar.privacy':
      'In de agenda staan alleen de naam van het overleg, de plaats en de tijd, en de datum van een actiepunt. Nooit namen, de inhoud van signalen of de tekst van actiepunten.',
    'calendar.secret':
      'Behandel het adres als een wachtwoord: wie het kent, ziet uw agenda-items. Denkt u dat iemand anders het adres heeft, maak dan een nieuw adres. Het oude werkt dan meteen niet meer.',
    'calendar.none': 'U heeft nog geen agenda-abonnement.',
    'calendar.active': 'U heeft een agenda-abonnement sinds {date}.',
    'calendar.lastUsed': 'Uw agenda heeft het voor het laatst opgehaald op {date}.',
    'calendar.neverUsed': 'Uw agenda heeft het nog niet opgehaald.',
    'calendar.create': 'Agenda-abonnement aanmaken',
    'calendar.renew': 'Nieuw adres maken',
    'calendar.revoke': 'Agenda-abonnement stoppen',
    'calendar.renewConfirm':
      'Weet u het zeker? Het huidige adres werkt dan niet meer. U moet het nieuwe adres opnieuw toevoegen in uw agenda.',
    'calendar.renewConfirmButton': 'Ja, maak een nieuw adres',
    'calendar.revokeConfirm':
      'Weet u het zeker? Het adres werkt dan niet meer en uw agenda krijgt geen overleggen en actiepunten uit Meldroute meer. Verwijder de agenda daarna ook zelf uit uw agenda-app.',
    'calendar.revokeConfirmButton': 'Ja, stop het abonnement',
    'calendar.revoked': 'Uw agenda-abonnement is gestopt. Het adres werkt niet meer.',
    'calendar.created': 'Uw agenda-abonnement is klaar. U ziet dit adres maar één keer: kopieer het nu en voeg het toe in uw agenda.',
    'calendar.url': 'Adres van uw agenda-abonnement',
    'calendar.urlHint': 'In Outlook: Agenda toevoegen, Vanaf internet. In Google Agenda: Andere agenda’s, Via URL. Plak daar dit adres.',
    'calendar.copy': 'Adres kopiëren',
    'calendar.copied': 'Het adres is gekopieerd.',
    'calendar.copyFailed': 'Kopiëren lukte niet. Selecteer het adres en kopieer het zelf.',
    'calendar.webcal': 'Direct openen in de agenda-app van deze computer of telefoon',
    'calendar.done': 'Klaar, ik heb het adres toegevoegd',
  },
  en: {
    'calendar.title': 'Calendar subscription',
    'calendar.intro':
      'Put the meetings you take part in and the due dates of your action items in your own calendar, such as Outlook, Google Calendar or the calendar on your phone. Your calendar fetches them itself from a secret address and keeps them up to date.',
    'calendar.introCoordinator':
      'As the coordinator you see every meeting of the municipality, and the days on which you expect feedback from partners (with the signal number only).',
    'calendar.privacy':
      'The calendar only shows the name of the meeting, its place and time, and the date of an action item. Never names, the content of signals or the text of action items.',
    'calendar.secret':
      'Treat the address like a password: whoever knows it sees your calendar items. If you think someone else has the address, make a new one. The old one stops working at once.',
    'calendar.none': 'You do not have a calendar subscription yet.',
    'calendar.active': 'You have had a calendar subscription since {date}.',
    'calendar.lastUsed': 'Your calendar last fetched it on {date}.',
    'calendar.neverUsed': 'Your calendar has not fetched it yet.',
    'calendar.create': 'Create calendar subscription',
    'calendar.renew': 'Make a new address',
    'calendar.revoke': 'Stop calendar subscription',
    'calendar.renewConfirm': 'Are you sure? The current address will stop working. You will have to add the new address to your calendar again.',
    'calendar.renewConfirmButton': 'Yes, make a new address',
    'calendar.revokeConfirm':
      'Are you sure? The address will stop working and your calendar will no longer receive meetings and action items from Meldroute. Remove the calendar from your calendar app yourself as well.',
    'calendar.revokeConfirmButton': 'Yes, stop the subscription',
    'calendar.revoked': 'Your calendar subscription has stopped. The address no longer works.',
    'calendar.created': 'Your calendar subscription is ready. You see this address only once: copy it now and add it to your calendar.',
    'calendar.url': 'Address of your calendar subscription',
    'calendar.urlHint': 'In Outlook: Add calendar, From internet. In Google Calendar: Other calendars, From URL. Paste this address there.',
    'calendar.copy': 'Copy address',
    'calendar.copied': 'The address has been copied.',
    'calendar.copyFailed': 'Copying did not work. Select the address and copy it yourself.',
    'calendar.webcal': 'Open directly in the calendar app of this computer or phone',
    'calendar.done': 'Done, I have added the address',
  },
});
