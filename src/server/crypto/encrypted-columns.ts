/**
 * THE list of columns stored encrypted (AES-256-GCM, crypto/vault.ts), per table with
 * the column holding the record id that is bound as associated data. Key rotation,
 * the upgrade of rows written before encryption, and the dump test all read this list:
 * a new column with personal data or free text is added here, and the repository that
 * writes it encrypts with `placeOf(table, column, id)`.
 */
export interface EncryptedTable {
  table: string;
  idColumn: string;
  columns: readonly string[];
}

export const ENCRYPTED_TABLES: readonly EncryptedTable[] = [
  { table: 'signals', idColumn: 'id', columns: ['place', 'explanation', 'meeting_note', 'reporter_ref'] },
  { table: 'signal_persons', idColumn: 'id', columns: ['full_name', 'role', 'email', 'phone', 'birth_date'] },
  { table: 'signal_organisations', idColumn: 'id', columns: ['name', 'kvk_number'] },
  { table: 'signal_addresses', idColumn: 'id', columns: ['postcode', 'house_number', 'addition'] },
  { table: 'enrichment_notes', idColumn: 'id', columns: ['source_system', 'finding'] },
  { table: 'referrals', idColumn: 'id', columns: ['shared_note', 'feedback_text'] },
  { table: 'reporter_feedback', idColumn: 'id', columns: ['text'] },
  { table: 'signal_history', idColumn: 'id', columns: ['reason'] },
  { table: 'identity_disclosures', idColumn: 'id', columns: ['reason'] },
  { table: 'users', idColumn: 'id', columns: ['totp_secret', 'totp_pending_secret'] },
  { table: 'entities', idColumn: 'id', columns: ['data'] },
  { table: 'interventions', idColumn: 'id', columns: ['notes', 'result'] },
  // issue 6.1 meetings: a guest's name, the agenda texts, minutes, decisions and action items
  { table: 'meeting_participants', idColumn: 'id', columns: ['guest_name'] },
  { table: 'meeting_items', idColumn: 'id', columns: ['title', 'summary', 'minutes', 'decision'] },
  { table: 'meeting_actions', idColumn: 'id', columns: ['description'] },
  // issue 6.5: the address an e-mail goes to
  { table: 'email_outbox', idColumn: 'id', columns: ['to_address'] },
];
