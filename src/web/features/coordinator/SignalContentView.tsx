import type { SignalDetail } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { DataList, Heading, ListItem, Paragraph, Table, TBody, Td, Th, THead, Tr, UnorderedList } from '../../ui/index.js';
import { useFormat } from './format.js';

/** What the reporter submitted (Bijlage 7 plus the route's fields). */
export function SignalContentView({ signal }: { signal: SignalDetail }) {
  const t = useT();
  const f = useFormat();
  const c = signal.content;
  return (
    <section className="mr-section mr-caption-hidden" aria-labelledby="sig-content">
      <Heading level={2} id="sig-content">
        {t('coord.content.title')}
      </Heading>
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
      {c.persons.length === 0 ? (
        <Paragraph>{t('coord.content.nonePersons')}</Paragraph>
      ) : (
        <Table caption={t('coord.content.persons')}>
          <THead>
            <Tr>
              <Th>{t('coord.content.personName')}</Th>
              <Th>{t('coord.content.personRole')}</Th>
              <Th>{t('coord.content.personEmail')}</Th>
              <Th>{t('coord.content.personPhone')}</Th>
            </Tr>
          </THead>
          <TBody>
            {c.persons.map((p) => (
              <Tr key={p.id}>
                <Td>{p.fullName}</Td>
                <Td>{p.role ?? '–'}</Td>
                <Td>{p.email ?? '–'}</Td>
                <Td>{p.phone ?? '–'}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
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
    </section>
  );
}
