/** Page-wide defaults of every widget. */
export interface WidgetsConfig {
  /**
   * Base URL of the CBMo4ers server used by widgets without an `api` attribute.
   * @default the content of `<meta name="cbm-api">`, else the page's origin
   */
  api?: string;
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
