import { useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.js';
import { useFormSubmit } from '../../lib/forms.js';

/**
 * Form state for one of several forms on a page: field names (and so DOM ids)
 * get a prefix, so that two forms with a field `text` do not collide, and the
 * error summary links to the prefixed ids.
 */
export function usePrefixedForm(prefix: string) {
  const form = useFormSubmit();
  const name = (field: string) => `${prefix}.${field}`;
  return {
    ...form,
    name,
    summary: form.errors.map((e) => ({ ...e, path: name(e.path || 'form') })),
  };
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
