import type { SignalInput } from '../../shared/api/signal.js';

/** A valid signal form submission; override what the test is about. */
export function buildSignal(overrides: Partial<SignalInput> = {}): SignalInput {
  return {
    observedOn: '2026-11-20',
    observedTime: '10:15',
    place: 'Publieksbalie',
    explanation: 'Man voert het woord voor een jonge vrouw en houdt haar paspoort vast.',
    exploitationForms: ['sexual'],
    acuteDanger: false,
    victimInvolved: 'unknown',
    sourceContext: 'desk',
    persons: [{ fullName: 'Jan van der Berg', role: 'begeleider', email: 'jan@voorbeeld.nl', phone: '06 12345678' }],
    organisations: [{ name: 'Voorbeeld BV', kvkNumber: '12345678' }],
    addresses: [{ postcode: '3411 AB', houseNumber: 7, addition: 'A' }],
    ...overrides,
  };
}
