import t from 'tap';
import { channelClientCodecs, channelCodec, ChannelErrorCode } from '../../src/protocol/channel.js';
import { tagOf } from '../../src/protocol/describe.js';

t.test('channel codec: every client message has a literal type tag, and all are distinct', async (t) => {
  const tags = channelClientCodecs.map((codec) => tagOf(codec));
  t.notOk(tags.includes(undefined), 'every codec has a literal `type`');
  t.equal(new Set(tags).size, tags.length);
});

t.test('channel codec: decodes the seed examples and strips nothing it needs', async (t) => {
  const decoded = channelCodec.decode('{"id":"req-1","type":"subscribe","channel_id":"01936e9a-4b7e-7f3c-8d5a-2f1e3c4b5a6d"}');
  t.same(decoded, { ok: true, value: { id: 'req-1', type: 'subscribe', channel_id: '01936e9a-4b7e-7f3c-8d5a-2f1e3c4b5a6d' } });
});

t.test('channel codec: errors echo the request id and use the seed codes', async (t) => {
  t.same(JSON.parse(channelCodec.error('NOT_FOUND', 'gone', { id: 'req-9' })), { id: 'req-9', type: 'error', code: 'NOT_FOUND', message: 'gone' });
  t.same(JSON.parse(channelCodec.error('RATE_LIMITED', 'slow')), { type: 'error', code: 'RATE_LIMITED', message: 'slow' });
  t.same(Object.keys(ChannelErrorCode), ['PERMISSION_DENIED', 'NOT_FOUND', 'VALIDATION_ERROR', 'RATE_LIMITED', 'SERVER_ERROR']);
});

t.test('channel codec: a huge bad value is not echoed back in the error message', async (t) => {
  const result = channelCodec.decode(JSON.stringify({ type: 'subscribe', channel_id: 'x'.repeat(10_000) }));
  t.equal(result.ok, false);
  if (!result.ok) t.ok(result.error.message.length < 200, result.error.message);
});
