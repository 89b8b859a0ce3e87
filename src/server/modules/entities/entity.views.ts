import type { z } from 'zod';
import type { entityView } from '../../../shared/api/entity.js';
import type { EntityKind } from '../../../shared/domain.js';
import type { EntityData } from './entity.repo.js';

export type EntityView = z.output<typeof entityView>;

export function entityLabel(kind: EntityKind, d: EntityData): string {
  const address = d.addresses?.[0];
  const addressText = address ? `${address.postcode} ${address.houseNumber}${address.addition ? ` ${address.addition}` : ''}` : '';
  switch (kind) {
    case 'person':
    case 'organisation':
      return [d.name, d.birthDate ? `(${d.birthDate.slice(0, 4)})` : '', d.kvk?.[0] ? `KvK ${d.kvk[0]}` : ''].filter(Boolean).join(' ') || '—';
    case 'address':
      return [d.details?.street, addressText, d.details?.place].filter(Boolean).join(', ') || '—';
    case 'phone':
      return d.phones?.[0] ?? '—';
    case 'email':
      return d.emails?.[0] ?? '—';
    case 'vehicle':
      return d.plates?.[0] ?? '—';
    case 'website':
      return d.websites?.[0] ?? '—';
  }
}

export function toEntityView(id: string, kind: EntityKind, d: EntityData): EntityView {
  return {
    id,
    kind,
    label: entityLabel(kind, d),
    name: d.name ?? null,
    birthDate: d.birthDate ?? null,
    addresses: (d.addresses ?? []).map((a) => ({ postcode: a.postcode, houseNumber: String(a.houseNumber), addition: a.addition ?? null })),
    phones: d.phones ?? [],
    emails: d.emails ?? [],
    kvk: d.kvk ?? [],
    plates: d.plates ?? [],
    websites: d.websites ?? [],
    details: d.details ?? {},
  };
}

