import { defineSamples } from '../machine-samples.js';
import { systemMachine, type SystemEvent } from './system-machine.js';

/**
 * Maintenance windows scheduled for later and starting at once, ended by hand, by their own timers
 * or by a restore after they are over; health reports and notifications alongside. Every event is
 * stamped at the same moment (or, for the late restore, one day later), so the clock the guards read
 * takes only a few values and the exploration stays bounded.
 */
const AT = 1_000;
const DAY = 24 * 60 * 60_000;

export default defineSamples({
  machine: systemMachine,
  input: undefined,
  events: [
    { type: 'maintenance_start', message: 'Upgrade', starts_in_minutes: 5, duration_minutes: 30, $at: AT },
    { type: 'maintenance_start', message: 'Hotfix', duration_minutes: 10, $at: AT },
    { type: 'maintenance_end', $at: AT },
    { type: 'get_status', $at: AT },
    { type: 'adapter_health', component: 'steam', status: 'degraded', message: 'Slow', impact: 'Syncs take longer', $at: AT },
    { type: 'adapter_health', component: 'steam', status: 'operational', message: 'Recovered', impact: 'None', $at: AT },
    { type: 'notify', level: 'info', title: 'Hello', message: 'Welcome', $at: AT },
    { type: '$restored', $at: AT },
    { type: '$restored', $at: AT + DAY },
  ] satisfies SystemEvent[],
  // What the guards read: the window (its status and deadlines) and the machine's clock.
  key: (context) => ({
    maintenance: context.maintenance && [context.maintenance.status, context.maintenance.startsAt, context.maintenance.endsAt],
    now: context.now,
  }),
});
