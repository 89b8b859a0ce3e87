import './reporting.css';
import type { DepartmentSignalRow } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { Loaded, Page } from '../../app/Page.js';
import { useUser } from '../../app/session.js';
import { useT } from '../../i18n/i18n.js';
import { Alert, Paragraph, Table, TBody, Td, Th, THead, Tr } from '../../ui/index.js';
import { useFormat } from './format.js';
import { OwnStatus } from './OwnStatus.js';

/** `/afdeling`: which signals of the liaison's department are open, without content or reporter. */
export function DepartmentSignalsPage() {
  const t = useT();
  const user = useUser();
  const fmt = useFormat();
  const signals = useResource<DepartmentSignalRow[]>(user.departmentId ? '/api/department/signals' : null);

  return (
    <Page
      title={t('reporting.department.title')}
      intro={user.departmentName ? t('reporting.department.introNamed', { department: user.departmentName }) : t('reporting.department.intro')}
    >
      <div className="mr-reporting-body mr-stack">
        <Alert type="info">{t('reporting.department.privacy')}</Alert>
        {user.departmentId ? (
          <Loaded resource={signals}>
            {(rows) =>
              rows.length === 0 ? (
                <div className="mr-empty">
                  <Paragraph>{t('reporting.department.empty')}</Paragraph>
                </div>
              ) : (
                <Table caption={t('reporting.department.caption')}>
                  <THead>
                    <Tr>
                      <Th>{t('reporting.mine.number')}</Th>
                      <Th>{t('reporting.mine.received')}</Th>
                      <Th>{t('reporting.mine.status')}</Th>
                      <Th>{t('reporting.department.byMe')}</Th>
                    </Tr>
                  </THead>
                  <TBody>
                    {rows.map((row) => (
                      <Tr key={row.number}>
                        <Th scope="row">{row.number}</Th>
                        <Td>{fmt.shortDateOf(row.receivedAt)}</Td>
                        <Td>
                          <OwnStatus status={row.status} />
                        </Td>
                        <Td>{row.submittedByMe ? t('app.yes') : t('app.no')}</Td>
                      </Tr>
                    ))}
                  </TBody>
                </Table>
              )
            }
          </Loaded>
        ) : (
          <Paragraph>{t('reporting.department.noDepartment')}</Paragraph>
        )}
      </div>
    </Page>
  );
}
