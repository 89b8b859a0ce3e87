import { useEffect, type ReactNode } from 'react';
import type { ApiError } from '../api/client.js';
import { useT } from '../i18n/i18n.js';
import { Alert, Button, Heading, Paragraph } from '../ui/index.js';

/** A page: sets the document title and renders its heading. */
export function Page({ title, children, intro }: { title: string; children: ReactNode; intro?: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <>
      <Heading level={1}>{title}</Heading>
      {intro ? <Paragraph lead>{intro}</Paragraph> : null}
      {children}
    </>
  );
}

/** Loading and error states of a resource, or its content. */
export function Loaded<T>({
  resource,
  children,
}: {
  resource: { data: T | undefined; error: ApiError | undefined; loading: boolean; reload(): Promise<void> };
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  if (resource.error) {
    return (
      <>
        <Alert type="error">{resource.error.message}</Alert>
        <Button onClick={() => void resource.reload()}>{t('app.retry')}</Button>
      </>
    );
  }
  if (resource.data === undefined) return <Paragraph role="status">{t('app.loading')}</Paragraph>;
  return <>{children(resource.data)}</>;
}
