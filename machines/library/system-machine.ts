import { assign, emit, enqueueActions, setup } from 'xstate';
import { out, type Outgoing } from '../../src/contract/index.js';

/**
 * The library's system actor (`library-system/main`): maintenance windows (scheduled,
 * started, ended — deadlines in context, re-armed on restore), platform health as the
 * session layer measures it, and operator notifications. Everything it says goes to the
 * `library-system` topic, which every `/ws` socket listens to (filtered by subscription).
 */

export const SYSTEM_TOPIC = 'library-system';
export const SYSTEM_ADDRESS = 'library-system/main';

export interface Maintenance {
  status: 'scheduled' | 'active';
  message: string;
  durationMinutes: number;
  startsAt: number;
  endsAt: number;
  affected: string[];
}

export interface ComponentHealth {
  status: 'operational' | 'degraded' | 'down';
  message: string;
  impact: string;
  since: number;
}

export interface SystemContext {
  maintenance: Maintenance | null;
  components: Record<string, ComponentHealth>;
  now: number;
  waitMs: number;
}

type Stamp = { $at?: number };
export type SystemEvent =
  | ({ type: 'maintenance_start'; message?: string; duration_minutes?: number; starts_in_minutes?: number; affected_services?: string[] } & Stamp)
  | ({ type: 'maintenance_end' } & Stamp)
  | ({ type: 'get_status' } & Stamp)
  | ({ type: 'adapter_health'; component: string; status: ComponentHealth['status']; message: string; impact: string } & Stamp)
  | ({ type: 'notify'; level: string; title: string; message: string; action?: unknown; dismissible?: boolean; expires_at?: string } & Stamp)
  | ({ type: '$restored' } & Stamp);

const iso = (ms: number) => new Date(ms).toISOString();
const nowOf = (context: SystemContext, event: Stamp) => event.$at ?? context.now;
const toTopic = (type: string, data: Record<string, unknown>, at: number) => out({ topic: SYSTEM_TOPIC }, { type, data, timestamp: iso(at) });

/** The `maintenance_mode` event for a window, at one of its three moments. */
export function maintenanceEvent(m: Maintenance, status: 'starting' | 'started' | 'ended', at: number): Outgoing {
  const minutesToStart = Math.max(0, Math.round((m.startsAt - at) / 60_000));
  const message =
    status === 'starting'
      ? `${m.message} (starting in ${minutesToStart} minute${minutesToStart === 1 ? '' : 's'})`
      : status === 'started'
        ? m.message
        : 'System maintenance has ended; all services are available';
  return toTopic(
    'maintenance_mode',
    {
      status,
      message,
      duration_minutes: m.durationMinutes,
      scheduled_start: iso(m.startsAt),
      scheduled_end: iso(m.endsAt),
      affected_services: m.affected,
    },
    at,
  );
}

function statusReply(context: SystemContext): Outgoing {
  return out('sender', {
    type: 'system_state',
    maintenance: context.maintenance && {
      status: context.maintenance.status,
      message: context.maintenance.message,
      duration_minutes: context.maintenance.durationMinutes,
      scheduled_start: iso(context.maintenance.startsAt),
      scheduled_end: iso(context.maintenance.endsAt),
      affected_services: context.maintenance.affected,
    },
    components: Object.fromEntries(Object.entries(context.components).map(([k, v]) => [k, { ...v, since: iso(v.since) }])),
  });
}

export const systemMachine = setup({
  types: { context: {} as SystemContext, events: {} as SystemEvent, emitted: {} as Outgoing },
  delays: { wait: ({ context }) => context.waitMs },
  actions: {
    /** After a restore, time moved on: decide again from the event's clock. */
    catchUpClock: assign({ now: ({ context, event }) => nowOf(context, event) }),
    /** An admin ends scheduled or running maintenance early. */
    endMaintenanceNow: enqueueActions(({ context, event, enqueue }) => {
      const now = nowOf(context, event);
      enqueue.emit(maintenanceEvent({ ...context.maintenance!, endsAt: now }, 'ended', now));
      enqueue.assign({ maintenance: null, now });
      enqueue.emit(statusReply({ ...context, maintenance: null }));
    }),
  },
}).createMachine({
  id: 'system',
  context: { maintenance: null, components: {}, now: 0, waitMs: 0 },
  initial: 'normal',
  on: {
    get_status: { actions: emit(({ context }) => statusReply(context)) },
    adapter_health: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const e = event as Extract<SystemEvent, { type: 'adapter_health' }>;
        const now = nowOf(context, e);
        const previous = context.components[e.component];
        enqueue.assign({ now, components: { ...context.components, [e.component]: { status: e.status, message: e.message, impact: e.impact, since: now } } });
        if (previous?.status === e.status) return;
        enqueue.emit(toTopic('system_status_update', { component: e.component, status: e.status, message: e.message, impact: e.impact, estimated_resolution: null }, now));
        if (e.status !== 'operational' || previous) {
          enqueue.emit(
            toTopic(
              'system_notification',
              {
                level: e.status === 'down' ? 'error' : e.status === 'degraded' ? 'warning' : 'info',
                title: e.status === 'operational' ? 'Platform API recovered' : 'Platform API issues',
                message: e.status === 'operational' ? e.message : `${e.message}. ${e.impact}.`,
                action: null,
                dismissible: true,
                expires_at: null,
              },
              now,
            ),
          );
        }
        enqueue.emit(out('sender', { type: 'health_recorded' }));
      }),
    },
    notify: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const e = event as Extract<SystemEvent, { type: 'notify' }>;
        const now = nowOf(context, e);
        enqueue.assign({ now });
        const data = { level: e.level, title: e.title, message: e.message, action: e.action ?? null, dismissible: e.dismissible ?? true, expires_at: e.expires_at ?? null };
        enqueue.emit(toTopic('system_notification', data, now));
        enqueue.emit(out('sender', { type: 'notification_sent', notification: data }));
      }),
    },
    maintenance_end: { actions: emit(({ context }) => statusReply(context)) },
    maintenance_start: {
      // Replacing a window: announce the new one.
      target: '.deciding',
      reenter: true,
      actions: assign(({ context, event }) => {
        const e = event as Extract<SystemEvent, { type: 'maintenance_start' }>;
        const now = nowOf(context, e);
        const startsAt = now + (e.starts_in_minutes ?? 0) * 60_000;
        const durationMinutes = e.duration_minutes ?? 30;
        return {
          now,
          maintenance: {
            status: (e.starts_in_minutes ?? 0) > 0 ? ('scheduled' as const) : ('active' as const),
            message: e.message ?? 'System maintenance in progress',
            durationMinutes,
            startsAt,
            endsAt: startsAt + durationMinutes * 60_000,
            affected: e.affected_services ?? ['sync', 'ai_chat'],
          },
        };
      }),
    },
  },
  states: {
    normal: {
      on: { $restored: { target: 'deciding', actions: assign({ now: ({ context, event }) => nowOf(context, event) }) } },
    },
    deciding: {
      always: [
        { guard: ({ context }) => context.maintenance === null, target: 'normal' },
        { guard: ({ context }) => context.now < context.maintenance!.startsAt, target: 'scheduled' },
        { guard: ({ context }) => context.now < context.maintenance!.endsAt, target: 'active' },
        { target: 'normal', actions: enqueueActions(({ context, enqueue }) => {
          enqueue.emit(maintenanceEvent(context.maintenance!, 'ended', context.now));
          enqueue.assign({ maintenance: null });
        }) },
      ],
    },
    scheduled: {
      entry: [
        assign({ waitMs: ({ context }) => Math.max(0, context.maintenance!.startsAt - context.now), maintenance: ({ context }) => ({ ...context.maintenance!, status: 'scheduled' as const }) }),
        emit(({ context }) => maintenanceEvent(context.maintenance!, 'starting', context.now)),
        emit(({ context }) => statusReply(context)),
      ],
      after: { wait: { target: 'active', actions: assign({ now: ({ context }) => context.maintenance!.startsAt }) } },
      on: {
        $restored: { target: 'deciding', actions: 'catchUpClock' },
        maintenance_end: { target: 'normal', actions: 'endMaintenanceNow' },
      },
    },
    active: {
      entry: [
        assign({ waitMs: ({ context }) => Math.max(0, context.maintenance!.endsAt - context.now), maintenance: ({ context }) => ({ ...context.maintenance!, status: 'active' as const }) }),
        emit(({ context }) => maintenanceEvent(context.maintenance!, 'started', context.now)),
        emit(({ context }) => statusReply(context)),
      ],
      after: { wait: { target: 'deciding', actions: assign({ now: ({ context }) => context.maintenance!.endsAt }) } },
      on: {
        $restored: { target: 'deciding', actions: 'catchUpClock' },
        maintenance_end: { target: 'normal', actions: 'endMaintenanceNow' },
      },
    },
  },
});
