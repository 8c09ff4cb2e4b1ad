/** Page-wide defaults of every widget. */
export interface WidgetsConfig {
  /**
   * Base URL of the CBMo4ers server used by widgets without an `api` attribute.
   * @default the content of `<meta name="cbm-api">`, else the page's origin
   */
  api?: string;
  /**
   * Receives every failed request or contract mismatch of every widget, so a page can forward them to its
   * own error tracker. Set it before the widgets connect (it is handed to each shared client as it is created).
   * @default undefined (errors show in the widgets and in `cbm-error` events only)
   */
  onError?: ((error: Error, topic: string) => void) | undefined;
}

let pageConfig: WidgetsConfig = {};

/** Sets page-wide defaults; call before the widgets connect (those already on the page keep theirs). */
export const configure = (config: WidgetsConfig): void => {
  pageConfig = { ...pageConfig, ...config };
};

/** Absolute base URL for an element: its own `api`, then `configure()`, then `<meta name="cbm-api">`, then the page. */
export const resolveApi = (api: string | undefined): string => {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="cbm-api"]')?.content;
  const chosen = api || pageConfig.api || meta || location.origin;
  try {
    return new URL(chosen, document.baseURI).href.replace(/\/+$/, '');
  } catch {
    return chosen;
  }
};

/** The page-wide error hook, if any (see {@link WidgetsConfig.onError}). */
export const pageErrorHook = (): WidgetsConfig['onError'] => pageConfig.onError;
