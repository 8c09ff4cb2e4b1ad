import type { Topic } from '@cbmo4ers/contract';
import { atom, type ReadableAtom } from 'nanostores';
import type { BreakerState } from '../breaker/breaker.js';
import type { SdkError } from '../errors/errors.js';
import type { Clock, Platform } from '../platform/platform.js';
import type { StreamState } from '../stream/stream.js';

/** Connection health, for a status badge. */
export interface ClientStatus {
  /** `live`: the stream feeds the stores; `polling`: requests every `refreshInterval`; `offline`: breaker open or no network. */
  mode: 'live' | 'polling' | 'offline';
  breaker: BreakerState;
  /** Consecutive failed calls. */
  consecutiveFailures: number;
  /** Epoch ms of the last successful call or stream event. */
  lastSuccessAt: number | undefined;
  /** The last failure (not cleared by a success; compare with `lastSuccessAt`). */
  lastError: SdkError | undefined;
}

export interface StatusSettings {
  platform: Platform;
  clock: Clock;
  /** The stream's state: `open` makes the mode `live`. */
  streamState: ReadableAtom<StreamState>;
  onError?: ((error: SdkError, topic: Topic) => void) | undefined;
}

/**
 * The client's `$status`. The breaker and the platform report to it (`update`); it follows the stream's state
 * by itself.
 */
export const createStatus = ({ platform, clock, streamState, onError }: StatusSettings) => {
  const modeOf = ({ breaker }: Pick<ClientStatus, 'breaker'>): ClientStatus['mode'] => {
    if (breaker === 'open' || !platform.isOnline()) return 'offline';
    return streamState.get() === 'open' ? 'live' : 'polling';
  };
  const initial = {
    breaker: 'closed',
    consecutiveFailures: 0,
    lastSuccessAt: undefined,
    lastError: undefined,
  } as const;
  const $status = atom<ClientStatus>({ ...initial, mode: modeOf(initial) });

  /** Applies `patch` and works the mode out again (the platform may have gone offline meanwhile). */
  const update = (patch: Partial<Omit<ClientStatus, 'mode'>>) => {
    const next = { ...$status.get(), ...patch };
    $status.set({ ...next, mode: modeOf(next) });
  };
  streamState.listen(() => update({}));

  return {
    $status: $status as ReadableAtom<ClientStatus>,
    update,
    /** A call or a stream event succeeded. */
    succeeded: () => update({ lastSuccessAt: clock.now() }),
    /** A call or a stream event failed: recorded, and passed to the `onError` option. */
    failed(error: SdkError, topic: Topic) {
      update({ lastError: error });
      onError?.(error, topic);
    },
  };
};

export type Status = ReturnType<typeof createStatus>;
