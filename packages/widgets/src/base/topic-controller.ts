import type { Client, Topic, TopicData, TopicState } from '@cbmo4ers/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';
import { emit } from './events.js';

type State<T extends Topic> = TopicState<TopicData[T]>;

/** The state before there is a client: no data, no request. */
const EMPTY: TopicState<never> = {
  data: undefined,
  error: undefined,
  loading: false,
  stale: false,
  updatedAt: undefined,
};

/**
 * The same snapshot: an envelope's time and row count (a larger `limit` brings more rows of the same one). The
 * health document has neither, so only the same object is the same there.
 */
const sameSnapshot = (a: TopicData[Topic] | undefined, b: TopicData[Topic] | undefined): boolean => {
  if (a === b) return true;
  if (!a || !b || !('as_of' in a) || !('as_of' in b)) return false;
  return a.as_of === b.as_of && a.count === b.count;
};

/**
 * Whether `next` draws the same as `before`: the same snapshot (the stream re-sending what a request just loaded),
 * the same error and staleness, a request starting or ending while there is no error to show, a new receive time
 * while the badge that shows it is off.
 */
const drawsSame = (before: State<Topic>, next: State<Topic>): boolean =>
  sameSnapshot(before.data, next.data) &&
  before.error === next.error &&
  before.stale === next.stale &&
  (before.loading === next.loading || !next.error) &&
  (before.updatedAt === next.updatedAt || !next.stale);

/**
 * Subscribes one element to one topic's store, as @nanostores/lit's `StoreController` does to any store: the
 * element renders again when the state changes in a way it would draw differently, hears each change as a
 * `cbm-update`, `cbm-stale` or `cbm-error` event, and keeps the stale badge's age ticking while it shows. The
 * store belongs to a client the element picks from its attributes, so the element hands it over (`follow`).
 */
export class TopicController<T extends Topic> implements ReactiveController {
  private store: ReadableAtom<State<T>> | undefined;
  private stop: (() => void) | undefined;
  private ageTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    readonly topic: T,
  ) {
    host.addController(this);
  }

  /** The topic's current state; the empty state while there is no client. */
  get state(): State<T> {
    return this.store?.get() ?? EMPTY;
  }

  /** From now on, the topic's store of `client`; reports what the store already holds (a shared client's). */
  follow(client: Client): void {
    this.unfollow();
    const store = client.store(this.topic);
    let previous: State<T> = EMPTY;
    const onChange = (state: State<T>) => {
      const before = previous;
      previous = state;
      this.report(before, state);
      // On a phone every render of a table is a long task: none for a state that draws the same.
      if (!drawsSame(before, state)) this.host.requestUpdate();
    };
    this.store = store;
    this.stop = store.listen(onChange);
    // Subscribing may have loaded synchronously; otherwise report what is already there.
    if (previous !== store.get()) onChange(store.get());
  }

  /** Back to no store: the empty state, no events. */
  unfollow(): void {
    this.stop?.();
    this.stop = undefined;
    this.store = undefined;
    this.stopAgeTimer();
  }

  hostUpdated(): void {
    const { stale, data } = this.state;
    const badgeShown = stale && data !== undefined;
    // The stale badge shows the data's age: keep it ticking while it is on screen.
    if (badgeShown && !this.ageTimer) this.ageTimer = setInterval(() => this.host.requestUpdate(), 1000);
    if (!badgeShown) this.stopAgeTimer();
  }

  hostDisconnected(): void {
    this.unfollow();
  }

  private report(before: State<T>, after: State<T>): void {
    const { topic, host } = this;
    const { data, error, stale, updatedAt } = after;
    if (data && updatedAt !== before.updatedAt) emit(host, 'cbm-update', { topic, data, updatedAt, stale });
    if (data && stale && !before.stale) {
      emit(host, 'cbm-stale', { topic, updatedAt, age: Date.now() - (updatedAt ?? Date.now()) });
    }
    if (error && error !== before.error) {
      emit(host, 'cbm-error', { topic, error, message: error.message, hasData: data !== undefined });
    }
  }

  private stopAgeTimer(): void {
    clearInterval(this.ageTimer);
    this.ageTimer = undefined;
  }
}
