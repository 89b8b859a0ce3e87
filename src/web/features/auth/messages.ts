import { defineMessages } from '../../i18n/define.js';

export const authMessages = defineMessages({
  nl: {
    'auth.login.title': 'Inloggen',
    'auth.login.intro': 'Log in met uw gebruikersnaam en wachtwoord van Meldroute.',
    'auth.login.username': 'Gebruikersnaam',
    'auth.login.password': 'Wachtwoord',
    'auth.login.submit': 'Inloggen',
    'auth.nav.password': 'Wachtwoord wijzigen',
    'auth.password.title': 'Wachtwoord wijzigen',
    'auth.password.required': 'U heeft een tijdelijk wachtwoord. Kies een eigen wachtwoord om verder te gaan.',
    'auth.password.current': 'Huidig wachtwoord',
    'auth.password.new': 'Nieuw wachtwoord',
    'auth.password.newHint': 'Minimaal 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.',
    'auth.password.submit': 'Wachtwoord opslaan',
    'auth.password.done': 'Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd.',
  },
  en: {
    'auth.login.title': 'Log in',
    'auth.login.intro': 'Log in with your Meldroute user name and password.',
    'auth.login.username': 'User name',
    'auth.login.password': 'Password',
    'auth.login.submit': 'Log in',
    'auth.nav.password': 'Change password',
    'auth.password.title': 'Change password',
    'auth.password.required': 'You have a temporary password. Choose your own password to continue.',
    'auth.password.current': 'Current password',
    'auth.password.new': 'New password',
    'auth.password.newHint': 'At least 12 characters. A sentence of a few words is strong and easy to remember.',
    'auth.password.submit': 'Save password',
    'auth.password.done': 'Your password has been changed. Other sessions have been ended.',
  },
});
