import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './client.js';

/** Load a GET resource; `reload` fetches it again after a change. */
export function useResource<T>(url: string | null): {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
} {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(url !== null);

  const load = useCallback(async () => {
    if (url === null) return;
    setLoading(true);
    try {
      setData(await api.get<T>(url));
      setError(undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));
    } finally {
      setLoading(false);
    }
  }, [url]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, error, loading, reload: load };
}
