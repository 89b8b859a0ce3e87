import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { VALIDATION_MESSAGES, type FieldError, type ValidationMessageKey } from '../../../shared/validation.js';
import { ApiError } from '../../api/client.js';
import { Page } from '../../app/Page.js';
import { useT, type Translate } from '../../i18n/i18n.js';
import { Alert, Button, ButtonGroup, DataList, FormErrors, Heading, Paragraph, type ButtonProps } from '../../ui/index.js';
import './admin.css';

/**
 * Which panel (create form, edit form, confirmation…) a page shows, and where
 * focus goes back to when it closes: the button that opened it.
 */
export function usePanel<S>() {
  const [state, setState] = useState<S | null>(null);
  const trigger = useRef<HTMLElement | null>(null);

  /** Open a panel; `followUp` keeps the button of the panel before (e.g. the password shown after a reset). */
  const open = useCallback((next: S, options: { followUp?: boolean } = {}) => {
    if (!options.followUp) trigger.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setState(next);
  }, []);

  /** Close and return focus to the button that opened the panel (on cancel). */
  const cancel = useCallback(() => {
    setState(null);
    const el = trigger.current;
    requestAnimationFrame(() => {
      if (el?.isConnected) el.focus();
    });
  }, []);

  /** Close without moving focus (after success, focus goes to the notice). */
  const close = useCallback(() => setState(null), []);

  return { state, open, cancel, close };
}

/**
 * Panel and success notice of an admin list page. `open` clears the last notice
 * before it opens a panel; `done` closes the panel and shows (and focuses) a notice.
 */
export function useListPage<S>() {
  const panel = usePanel<S>();
  const notice = useNotice();
  const open = (next: S) => {
    notice.clear();
    panel.open(next);
  };
  const done = (text: string) => {
    panel.close();
    notice.show(text);
  };
  return { panel, notice, open, done };
}

/**
 * An admin page that lists things: the notice, anything that belongs above the
 * toolbar (`top`), the toolbar with the add button, then the page's panels and list.
 */
export function ListPage({
  title,
  intro,
  notice,
  top,
  addLabel,
  adding,
  onAdd,
  children,
}: {
  title: string;
  intro: string;
  notice: NoticeState;
  top?: ReactNode;
  addLabel: string;
  /** Whether the create panel is open (the add button's aria-expanded). */
  adding: boolean;
  onAdd(): void;
  children: ReactNode;
}) {
  return (
    <Page title={title} intro={intro}>
      <Notice notice={notice} />
      {top}
      <div className="mr-admin-toolbar">
        <Button variant="primary" onClick={onAdd} aria-expanded={adding}>
          {addLabel}
        </Button>
      </div>
      {children}
    </Page>
  );
}

/** A titled panel that takes focus when it opens (or when `focusKey` changes). */
export function Panel({ title, children, focusKey, tone }: { title: string; children: ReactNode; focusKey?: unknown; tone?: 'warning' | 'highlight' }) {
  const ref = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={headingId}
      className={['mr-card', 'mr-admin-panel', tone ? `mr-admin-panel--${tone}` : ''].filter(Boolean).join(' ')}
    >
      <Heading level={2} id={headingId}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

type NoticeState = { text: string; seq: number; focus: boolean } | null;

/**
 * Success message of the page. The live region is always present so screen
 * readers announce each new message; by default it also takes focus, so that
 * keyboard users continue from there after a panel closed.
 */
export function useNotice() {
  const [notice, setNotice] = useState<NoticeState>(null);
  const show = useCallback((text: string, options: { focus?: boolean } = {}) => {
    setNotice((prev) => ({ text, seq: (prev?.seq ?? 0) + 1, focus: options.focus ?? true }));
  }, []);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, show, clear };
}

export function Notice({ notice }: { notice: NoticeState }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice?.focus) ref.current?.focus();
  }, [notice]);
  return (
    <div role="status" className="mr-admin-notice">
      {notice ? (
        <div ref={ref} tabIndex={-1} className="utrecht-alert utrecht-alert--ok">
          <div className="utrecht-alert__content">
            <div className="utrecht-alert__message">
              <p className="utrecht-paragraph">{notice.text}</p>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** Text for screen readers only, e.g. to name the row a table button acts on. */
export function HiddenText({ children }: { children: ReactNode }) {
  return <span className="mr-admin-visually-hidden">{children}</span>;
}

/** A button in a table row whose accessible name also names the row ("Bewerken Jan Jansen"). */
export function RowButton({ row, children, ...button }: ButtonProps & { row: string }) {
  return (
    <Button {...button}>
      {children}
      <HiddenText> {row}</HiddenText>
    </Button>
  );
}

/** The message of a failed API call, or a generic one. */
export function errorText(error: unknown, t: Translate): string {
  return error instanceof ApiError ? error.message : t('app.error');
}

/** A create or edit form in a panel: error summary and message, the fields, then submit and cancel. */
export function PanelForm({
  title,
  form,
  errors,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  form: { message: string | null; busy: boolean };
  errors: FieldError[];
  submitLabel: string;
  onSubmit(): Promise<void>;
  onCancel(): void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Panel title={title}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        noValidate
        className="mr-stack mr-admin-form"
      >
        <FormErrors title={t('app.formErrors')} errors={errors} message={form.message} />
        {children}
        <ButtonGroup>
          <Button type="submit" variant="primary" busy={form.busy}>
            {submitLabel}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </Panel>
  );
}

/**
 * A confirmation step before an action that cannot be undone. While `onConfirm`
 * runs the button is busy; if it fails, its message is shown and the step stays.
 */
export function ConfirmPanel({
  title,
  text,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm(): Promise<void>;
  onCancel(): void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  }

  return (
    <Panel title={title} tone="warning">
      <Paragraph>{text}</Paragraph>
      {error ? <Alert type="error">{error}</Alert> : null}
      <ButtonGroup>
        <Button variant="danger" busy={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      </ButtonGroup>
    </Panel>
  );
}

/** The temporary password of a new or reset account, shown once. */
export function TemporaryPasswordPanel({
  name,
  username,
  password,
  onClose,
}: {
  name: string;
  username: string;
  password: string;
  onClose(): void;
}) {
  const t = useT();
  return (
    <Panel title={t('admin.password.title', { name })} tone="highlight" focusKey={password}>
      <Alert type="warning">{t('admin.password.once')}</Alert>
      <DataList
        items={[
          { label: t('admin.password.username'), value: username },
          {
            label: t('admin.password.password'),
            value: (
              <code className="utrecht-code mr-admin-password" translate="no">
                {password}
              </code>
            ),
          },
        ]}
      />
      <Paragraph>{t('admin.password.instruction', { name })}</Paragraph>
      <Paragraph>{t('admin.password.lost')}</Paragraph>
      <Button variant="primary" onClick={onClose}>
        {t('admin.password.close')}
      </Button>
    </Panel>
  );
}

/** Yes/no as words, for table cells. */
export function useYesNo() {
  const t = useT();
  return (value: boolean) => (value ? t('app.yes') : t('app.no'));
}

/** Form values kept as one object; `set(key)` gives a setter for one field. */
export function useValues<T extends Record<string, unknown>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(<K extends keyof T>(key: K) => (value: T[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  return [values, set] as const;
}

/**
 * Field errors with a more helpful message where the shared schema only has a
 * generic one (e.g. "Deze waarde is niet geldig." for a code). Specific messages,
 * such as the server's "Deze code is al in gebruik.", are kept.
 */
export function useFieldErrors(
  form: { errors: FieldError[] },
  better: Record<string, Partial<Record<ValidationMessageKey, string>>>,
): { errors: FieldError[]; errorFor(path: string): string | undefined } {
  const errors = form.errors.map((e) => {
    const message = better[e.path]?.[e.key];
    const generic = isGeneric(e.message, VALIDATION_MESSAGES.nl[e.key]) || isGeneric(e.message, VALIDATION_MESSAGES.en[e.key]);
    return message && generic ? { ...e, message } : e;
  });
  return { errors, errorFor: (path) => errors.find((e) => e.path === path)?.message };
}

/** Whether a message is the generic one for its key (placeholders such as {max} filled in or not). */
function isGeneric(message: string, template: string): boolean {
  const pattern = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(message);
}
