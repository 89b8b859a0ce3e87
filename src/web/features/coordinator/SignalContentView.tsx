import type { SignalDetail } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { DataList, Heading, ListItem, ListTable, Paragraph, Td, Tr, UnorderedList } from '../../ui/index.js';
import { useFormat } from './format.js';
import { StepSection } from './parts.js';

/** What the reporter submitted (Bijlage 7 plus the route's fields). */
export function SignalContentView({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  const c = signal.content;
  return (
    <StepSection id="sig-content" className="mr-caption-hidden" title={t('coord.content.title')}>
      <DataList
        items={[
          { label: t('coord.content.observed'), value: c.observedTime ? `${f.date(c.observedOn)}, ${c.observedTime}` : f.date(c.observedOn) },
          { label: t('coord.content.place'), value: c.place ?? '–' },
          { label: t('coord.content.source'), value: c.sourceContext ? t(`source.${c.sourceContext}`) : '–' },
          { label: t('coord.content.forms'), value: c.exploitationForms.map((x) => t(`form.${x}`)).join(', ') },
          { label: t('coord.content.victim'), value: t(`victim.${c.victimInvolved}`) },
          { label: t('coord.content.acute'), value: c.acuteDanger ? t('app.yes') : t('app.no') },
          { label: t('coord.content.department'), value: signal.departmentName ?? '–' },
          { label: t('coord.content.explanation'), value: c.explanation },
        ]}
      />
      <Heading level={3}>{t('coord.content.persons')}</Heading>
      <ListTable
        items={c.persons}
        empty={t('coord.content.nonePersons')}
        caption={t('coord.content.persons')}
        columns={[t('coord.content.personName'), t('coord.content.personRole'), t('coord.content.personEmail'), t('coord.content.personPhone'), t('coord.content.personBirthDate')]}
        row={(p) => (
          <Tr key={p.id}>
            <Td>{p.fullName}</Td>
            <Td>{p.role ?? '–'}</Td>
            <Td>{p.email ?? '–'}</Td>
            <Td>{p.phone ?? '–'}</Td>
            <Td>{p.birthDate ? f.date(p.birthDate) : '–'}</Td>
          </Tr>
        )}
      />
      <div className="mr-two-columns">
        <div>
          <Heading level={3}>{t('coord.content.organisations')}</Heading>
          {c.organisations.length === 0 ? (
            <Paragraph>{t('coord.content.noneOrganisations')}</Paragraph>
          ) : (
            <UnorderedList>
              {c.organisations.map((o) => (
                <ListItem key={o.id}>
                  {o.name}
                  {o.kvkNumber ? ` (${t('coord.content.kvk', { kvk: o.kvkNumber })})` : ''}
                </ListItem>
              ))}
            </UnorderedList>
          )}
        </div>
        <div>
          <Heading level={3}>{t('coord.content.addresses')}</Heading>
          {c.addresses.length === 0 ? (
            <Paragraph>{t('coord.content.noneAddresses')}</Paragraph>
          ) : (
            <UnorderedList>
              {c.addresses.map((a) => (
                <ListItem key={a.id}>
                  {a.postcode} {a.houseNumber}
                  {a.addition ?? ''}
                </ListItem>
              ))}
            </UnorderedList>
          )}
        </div>
      </div>
    </StepSection>
  );
}
