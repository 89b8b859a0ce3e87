import { useRef, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { ApiError } from '../../api/client.js';
import type { SignalDetail } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { useFormSubmit } from '../../lib/forms.js';
import { Button, cx, FormErrors, Heading, ListItem, UnorderedList } from '../../ui/index.js';
import { useFormat } from './format.js';

/**
 * Form state for one of several forms on a page: field names (and so DOM ids)
 * get a prefix, so that two forms with a field `text` do not collide, and the
 * error summary links to the prefixed ids.
 */
export function usePrefixedForm(prefix: string) {
  const form = useFormSubmit();
  const name = (field: string) => `${prefix}.${field}`;
  /** Validate `value` with `schema` and, if valid, send it; true when the server accepted it. */
  async function send<S extends z.ZodType>(schema: S, value: unknown, request: (data: z.output<S>) => Promise<unknown>): Promise<boolean> {
    const ok = await form.submit(schema, value, async (data) => {
      await request(data);
      return true;
    });
    return ok === true;
  }
  return {
    ...form,
    name,
    send,
    summary: form.errors.map((e) => ({ ...e, path: name(e.path || 'form') })),
  };
}

/**
 * The form of an action on the signal page: the error summary (linking to the
 * prefixed fields) and the server's message, the fields, then the submit button
 * with `submitLabel`, or `actions` instead when the form has more than one.
 */
export function StepForm({
  form,
  onSubmit,
  submitLabel,
  submitVariant = 'primary',
  actions,
  children,
}: {
  form: Pick<ReturnType<typeof usePrefixedForm>, 'summary' | 'message' | 'busy'>;
  onSubmit(): Promise<void>;
  submitLabel?: ReactNode;
  submitVariant?: 'primary' | 'secondary';
  actions?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      noValidate
      className="mr-stack"
    >
      <FormErrors title={t('app.formErrors')} errors={form.summary} message={form.message} />
      {children}
      {actions ?? (
        <Button type="submit" variant={submitVariant} busy={form.busy}>
          {submitLabel}
        </Button>
      )}
    </form>
  );
}

/** A part of the signal page: a region named by its level-2 heading, whose `id` the jump links point at. */
export function StepSection({ id, title, className, children }: { id: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section className={cx('mr-section', className)} aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** The enrichment notes of a signal; `withAuthor` adds who wrote each and when. */
export function EnrichmentNotes({ notes, withAuthor }: { notes: SignalDetail['enrichmentNotes']; withAuthor: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <UnorderedList>
      {notes.map((n) => (
        <ListItem key={n.id}>
          <strong>
            {n.sourceSystem}
            {n.departmentName ? ` (${n.departmentName})` : ''}:
          </strong>{' '}
          {n.finding}
          {withAuthor ? (
            <>
              {' '}
              <span className="mr-meta">{t('coord.byOn', { name: n.author.displayName, date: f.stamp(n.createdAt) })}</span>
            </>
          ) : null}
        </ListItem>
      ))}
    </UnorderedList>
  );
}

/** A one-click action without fields (register, close a referral): busy state and the server's message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run(send: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setMessage(null);
    try {
      await send();
      return true;
    } catch (error) {
      setMessage(error instanceof ApiError || error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, run };
}

/**
 * A compact action: a <details> whose summary names the action. `children`
 * gets `close`, which folds it again, resets its form and returns focus to the summary.
 */
export function ActionDetails({
  summary,
  children,
  defaultOpen = false,
}: {
  summary: ReactNode;
  children: (close: () => void) => ReactNode;
  defaultOpen?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  // The form is created when first opened (so its defaults reflect the signal as it is then) and kept while folded.
  const [opened, setOpened] = useState(defaultOpen);
  // Bumped after a successful action, so that the form inside starts empty again.
  const [generation, setGeneration] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  return (
    <details
      className="mr-action"
      open={open}
      onToggle={(e) => {
        const isOpen = e.currentTarget.open;
        setOpen(isOpen);
        if (isOpen) setOpened(true);
      }}
    >
      <summary ref={summaryRef} className="mr-action__summary">
        {summary}
      </summary>
      <div className="mr-action__body" key={generation}>
        {opened
          ? children(() => {
              setOpen(false);
              setOpened(false);
              setGeneration((g) => g + 1);
              requestAnimationFrame(() => summaryRef.current?.focus());
            })
          : null}
      </div>
    </details>
  );
}
