import { Link as RouterLink } from 'react-router';
import { INDICATOR_FORMS } from '../../../shared/domain.js';
import { Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Heading, ListItem, Paragraph, UnorderedList } from '../../ui/index.js';
import './indicators.css';

const REPORTERS = ['reporter', 'liaison', 'coordinator', 'deputy_coordinator'];
const STEPS = [1, 2, 3, 4, 5, 6] as const;

/**
 * `/wat-is-mensenhandel` (issue 6.3): for every employee — what trafficking is, the four forms,
 * the difference with smuggling, the internal route of the plan in six steps, and whom to contact
 * (by role and team; no personal names).
 */
export function InfoPage() {
  const t = useT();
  const user = useUser();
  return (
    <Page title={t('ind.info.title')} intro={t('ind.info.intro')}>
      <section aria-labelledby="info-what">
        <Heading level={2} id="info-what">
          {t('ind.info.what.title')}
        </Heading>
        <Paragraph>{t('ind.info.what.text')}</Paragraph>
      </section>
      <section aria-labelledby="info-forms">
        <Heading level={2} id="info-forms">
          {t('ind.info.forms.title')}
        </Heading>
        <UnorderedList>
          {INDICATOR_FORMS.map((f) => (
            <ListItem key={f}>{t(`ind.info.forms.${f}`)}</ListItem>
          ))}
        </UnorderedList>
      </section>
      <section aria-labelledby="info-smuggling">
        <Heading level={2} id="info-smuggling">
          {t('ind.info.smuggling.title')}
        </Heading>
        <Paragraph>{t('ind.info.smuggling.text')}</Paragraph>
      </section>
      <section aria-labelledby="info-signs">
        <Heading level={2} id="info-signs">
          {t('ind.info.signs.title')}
        </Heading>
        <Paragraph>{t('ind.info.signs.text')}</Paragraph>
      </section>
      <section aria-labelledby="info-route">
        <Heading level={2} id="info-route">
          {t('ind.info.route.title')}
        </Heading>
        <ol className="utrecht-ordered-list mr-info-route">
          {STEPS.map((n) => (
            <li key={n} className="utrecht-ordered-list__item">
              {t(`ind.info.route.${n}`)}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="info-contact">
        <Heading level={2} id="info-contact">
          {t('ind.info.contact.title')}
        </Heading>
        <UnorderedList>
          <ListItem>{t('ind.info.contact.liaison')}</ListItem>
          <ListItem>{t('ind.info.contact.coordinator')}</ListItem>
        </UnorderedList>
        <Alert type="warning">{t('ind.info.contact.acute')}</Alert>
      </section>
      {REPORTERS.includes(user.role) ? (
        <Paragraph>
          <RouterLink to="/melden" className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action">
            {t('ind.info.report')}
          </RouterLink>
        </Paragraph>
      ) : null}
    </Page>
  );
}
