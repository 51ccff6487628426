import { createLogger, createRabbit, listParked, loadConfig, replayParked } from '@ticketing/common';
import { notifierConfigShape } from './config.ts';

/**
 * Parked mails, for a person: `list [limit]` shows each with the reason it
 * was parked (the queue is left as it was); `replay [limit]` puts them back
 * on the notifier's queue with a fresh set of attempts, oldest first.
 */
const usage = 'usage: node notifier/src/parked.ts list|replay [limit]';
const [command, limitText] = process.argv.slice(2);
const limit = limitText === undefined ? undefined : Number(limitText);
if ((command !== 'list' && command !== 'replay') || (limit !== undefined && !(Number.isInteger(limit) && limit > 0))) {
  process.stderr.write(`${usage}\n`);
  process.exit(64); // EX_USAGE
}

const config = loadConfig('notifier', notifierConfigShape);
const rabbit = createRabbit(config.AMQP_URL, createLogger('notifier-parked', 'warn'), 'notifier-parked');
try {
  if (command === 'list') {
    const parked = await listParked(rabbit, config.NOTIFIER_QUEUE, { limit: limit ?? 100 });
    process.stdout.write(`${JSON.stringify(parked, null, 2)}\n`);
    process.stderr.write(`${parked.length} parked message(s) on ${config.NOTIFIER_QUEUE}\n`);
  } else {
    const { replayed } = await replayParked(rabbit, config.NOTIFIER_QUEUE, limit === undefined ? {} : { limit });
    process.stdout.write(`${JSON.stringify({ replayed })}\n`);
  }
} finally {
  await rabbit.close();
}
