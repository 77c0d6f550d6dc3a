import t from 'tap';
import { admitFrame, createRateState, RateVerdict } from '../../src/gateway/rate-limiter.js';

t.test('rate limits: a burst is admitted, then frames are refused, then the socket is closed', async (t) => {
  const limit = { perSec: 10, burst: 3 };
  const T = 1_700_000_000_000;
  const state = createRateState(limit, T);
  const at = (ms: number) => admitFrame(state, T + ms, limit, 2);
  t.same([at(0), at(0), at(0)], [RateVerdict.admit, RateVerdict.admit, RateVerdict.admit], 'the burst');
  t.equal(at(0), RateVerdict.refuse, 'past the burst: refused');
  t.equal(at(10), RateVerdict.refuse, 'the second refusal in the window');
  t.equal(at(20), RateVerdict.close, 'more refusals than closeAfter within a second: close');
  t.equal(at(150), RateVerdict.admit, 'a token is back after 1/perSec');
});

t.test('rate limits: refusals are counted per one-second window', async (t) => {
  const limit = { perSec: 1, burst: 1 };
  const T = 1_700_000_000_000;
  const state = createRateState(limit, T);
  t.equal(admitFrame(state, T, limit, 1), RateVerdict.admit);
  t.equal(admitFrame(state, T + 10, limit, 1), RateVerdict.refuse);
  t.equal(admitFrame(state, T + 1_500, limit, 1), RateVerdict.admit, 'refilled');
  t.equal(admitFrame(state, T + 1_600, limit, 1), RateVerdict.refuse, 'a new window: the old refusal no longer counts');
});
