import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { VALIDATION_MESSAGES, type FieldError } from '../../shared/validation.js';
import { catalogue, type Lang, type MessageKey } from './catalogue.js';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** The message for a field error from the API or the shared schema, in the current language. */
  fieldMessage(error: Pick<FieldError, 'key' | 'message'>): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'meldroute.lang';

function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'nl';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const t: Translate = (key, values) => {
      const template: string = catalogue[lang][key] ?? key;
      return values ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')) : template;
    };
    const fieldMessage = (error: Pick<FieldError, 'key' | 'message'>) =>
      // Server messages that carry specific values are already in Dutch; translate by key otherwise.
      lang === 'nl' ? error.message : (VALIDATION_MESSAGES.en[error.key as keyof typeof VALIDATION_MESSAGES.en] ?? error.message);
    return { lang, setLang, t, fieldMessage };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
